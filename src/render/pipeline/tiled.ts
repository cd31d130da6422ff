import type * as ort from 'onnxruntime-node';
import { expectedFor, StudioError } from '../../errors/index.ts';
import { type CombinedFeedInput, EMPTY_LAYER, tileFeeds } from '../feeds.ts';
import { COARSE_GRID_STEP, SHADOW_POOL, SHADOW_TAPS } from '../graphs/parts.ts';
import { OFF_IMAGE_TPS } from '../light/sceneLight.ts';
import type { Pixels } from '../tensors.ts';
import type { Size, TpsTensors } from '../warpInputs.ts';

/**
 * The combined model run tile by tile, for a device that cannot hold the whole frame, giving the same pixels as
 * the whole frame (no seams):
 * - light matching is one gain per layer for the whole frame (an input), so every tile applies the same;
 * - the contact shadow pools by SHADOW_POOL, blurs SHADOW_TAPS cells wide and upsamples: each tile is rendered in a
 *   window grown by TILE_HALO pixels of context, every window edge inside the frame lies on the pooling grid, and
 *   only the tile's own pixels are kept;
 * - the spline is translation-equivariant: a window at (ox, oy) shifts the spline's centre and the garment's box by
 *   −(ox, oy). The coarse grid's nodes stay where the whole frame has them (the box start moves by whole steps).
 */

/** The smallest tile side the render retries at before it gives the device up. */
export const TILE_FLOOR = 256;

/**
 * Context around each tile. A pixel reads the two pooled cells around it (upsample), each a blur of the cells up to
 * (SHADOW_TAPS − 1) / 2 away: a kept pixel needs ((SHADOW_TAPS − 1) / 2)·SHADOW_POOL + 2 pixels of real context
 * (50); the warp's box start moves forward by at most COARSE_GRID_STEP − 1 pixels. Rounded up to the pooling grid.
 */
export const TILE_HALO =
  SHADOW_POOL * Math.ceil(Math.max(((SHADOW_TAPS - 1) / 2) * SHADOW_POOL + 2, COARSE_GRID_STEP - 1) / SHADOW_POOL);

/** A rectangle of frame pixels, [x0, x1) × [y0, y1). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TileWindow {
  /** What the model is run on: the tile and its halo, clipped to the frame. */
  window: Rect;
  /** The tile: the pixels this window contributes. */
  keep: Rect;
}

/**
 * Whether an axis can be cut into tiles. The shadow's upsample maps a frame whose side is not a multiple of
 * SHADOW_POOL with a scale other than SHADOW_POOL, which no window of it reproduces: such an axis stays whole.
 */
export const splittable = (length: number): boolean => length % SHADOW_POOL === 0;

const ceilToPool = (v: number): number => SHADOW_POOL * Math.ceil(v / SHADOW_POOL);

/**
 * Tile sides to try, largest first: half the longest splittable side, halved again down to `floor`. Empty when no
 * tile would be smaller than the frame.
 */
export function tileSizes(size: Size, floor = TILE_FLOOR): number[] {
  const longest = Math.max(...[size.width, size.height].filter(splittable), 0);
  const sizes: number[] = [];
  for (let t = ceilToPool(longest / 2); t > floor; t = ceilToPool(t / 2)) sizes.push(t);
  if (floor < longest) sizes.push(floor);
  return sizes;
}

/**
 * Frames above this many pixels take the tiled path from the start, on every provider: the model's working memory
 * then stays that of one window, and time grows linearly with the pixels (docs/benchmarks.md, `scale`). Below it
 * (2048×3072 included) the whole frame is one run.
 */
export const LARGE_FRAME_PIXELS = 8 * 1024 * 1024;
/**
 * The tile side a large frame starts at. A window of 1128² pixels (the tile and its halo) keeps the model's working
 * memory near 0.3 GB, so an 8192×8192 render and its stamp peak under 2 GB (2048-px tiles: 2.8 GB); the halo adds
 * ~20 % of work per pixel.
 */
export const LARGE_FRAME_TILE = 1024;

/** The tile side a frame starts at, or undefined for a frame rendered whole. */
export function largeFrameTile(size: Size): number | undefined {
  if (size.width * size.height <= LARGE_FRAME_PIXELS) return undefined;
  return tileSizes(size).find((t) => t <= LARGE_FRAME_TILE);
}

function spans(length: number, tile: number): { keep: [number, number]; window: [number, number] }[] {
  if (!splittable(length) || tile >= length) return [{ keep: [0, length], window: [0, length] }];
  const out: { keep: [number, number]; window: [number, number] }[] = [];
  for (let k = 0; k < length; k += tile) {
    const end = Math.min(k + tile, length);
    out.push({ keep: [k, end], window: [Math.max(0, k - TILE_HALO), Math.min(length, end + TILE_HALO)] });
  }
  return out;
}

/** The frame cut into tiles of side `tile` (a multiple of SHADOW_POOL), row by row. */
export function tileWindows(size: Size, tile: number): TileWindow[] {
  if (!(Number.isInteger(tile) && tile > 0 && tile % SHADOW_POOL === 0)) {
    throw new StudioError(
      'TILE_SIZE_INVALID',
      expectedFor(`a positive multiple of ${SHADOW_POOL} pixels`, 'the tile side', tile),
      { tile },
    );
  }
  const rows = spans(size.height, tile);
  const cols = spans(size.width, tile);
  return rows.flatMap((r) =>
    cols.map((c) => ({
      window: { x0: c.window[0], y0: r.window[0], x1: c.window[1], y1: r.window[1] },
      keep: { x0: c.keep[0], y0: r.keep[0], x1: c.keep[1], y1: r.keep[1] },
    })),
  );
}

function cropPixels(p: Pixels, r: Rect): Pixels {
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  const row = w * p.channels;
  const data = new Uint8Array(row * h);
  for (let y = 0; y < h; y++) {
    const from = ((r.y0 + y) * p.width + r.x0) * p.channels;
    data.set(p.data.subarray(from, from + row), y * row);
  }
  return { data, width: w, height: h, channels: p.channels };
}

/** [start, end) of a box side inside the window, the start moved forward onto the box's own grid nodes. */
function boxSpan(start: number, length: number, from: number, to: number, step: number): [number, number] | undefined {
  const s = start + step * Math.ceil(Math.max(0, from - start) / step);
  const e = Math.min(start + length, to);
  return e > s ? [s, e] : undefined;
}

/**
 * The combined model's inputs for one window — the only place a frame's inputs are cut. The twin and the garments
 * keep their image; their spline and box move into window coordinates, and one that misses the window becomes an
 * empty slot (a garment keeps its place in the z-order).
 */
export function cropInput(input: CombinedFeedInput, r: Rect, coarse: boolean): CombinedFeedInput {
  const step = coarse ? COARSE_GRID_STEP : 1;
  /** A spline and its box moved into the window `w` (in the units of its own grid), or undefined where it misses. */
  const move = (tps: TpsTensors, w: Rect, gridStep: number): TpsTensors | undefined => {
    const [by, bx, bh, bw] = Array.from(tps.box, Number) as [number, number, number, number];
    const xs = boxSpan(bx, bw, w.x0, w.x1, gridStep);
    const ys = boxSpan(by, bh, w.y0, w.y1, gridStep);
    if (!xs || !ys) return undefined;
    // norm holds float32 values: minus a whole number of pixels they stay exact, so u, v are the frame's own.
    const norm = Float32Array.of((tps.norm[0] as number) - w.x0, (tps.norm[1] as number) - w.y0, tps.norm[2] as number);
    const box = BigInt64Array.from([ys[0] - w.y0, xs[0] - w.x0, ys[1] - ys[0], xs[1] - xs[0]].map(BigInt));
    return { ...tps, norm, box };
  };
  const into = (g: CombinedFeedInput['twin']): CombinedFeedInput['twin'] => {
    const tps = move(g.tps, r, step);
    return tps ? { image: g.image, tps } : EMPTY_LAYER;
  };
  const light = input.sceneLight;
  // The window's edges lie on the pooling grid: the cast shadow (in pooled cells) moves by whole cells.
  const pooled = {
    x0: r.x0 / SHADOW_POOL,
    y0: r.y0 / SHADOW_POOL,
    x1: Math.ceil(r.x1 / SHADOW_POOL),
    y1: Math.ceil(r.y1 / SHADOW_POOL),
  };
  return {
    scene: cropPixels(input.scene, r),
    // The twin is placed like a garment: its spline and box move into the window. It keeps its image where it misses
    // the window, drawing nothing there, since its cast shadow (and the front mask, its image's size) may not.
    twin: { image: input.twin.image, tps: move(input.twin.tps, r, step) ?? OFF_IMAGE_TPS },
    garments: input.garments.map(into),
    light: input.light,
    shadow: { ...input.shadow, floorY: Math.fround(input.shadow.floorY) - r.y0 },
    ...(light ? { sceneLight: { ...light, cast: move(light.cast, pooled, 1) ?? OFF_IMAGE_TPS } } : {}),
  };
}

/** Copies a window's planar output [4,h,w] for its tile's pixels into the frame's [4,H,W]. */
function stitchPlanar(frame: Float32Array, size: Size, out: Float32Array, t: TileWindow): void {
  const ww = t.window.x1 - t.window.x0;
  const wn = ww * (t.window.y1 - t.window.y0);
  const n = size.width * size.height;
  const w = t.keep.x1 - t.keep.x0;
  for (let c = 0; c < 4; c++)
    for (let y = t.keep.y0; y < t.keep.y1; y++) {
      const from = c * wn + (y - t.window.y0) * ww + (t.keep.x0 - t.window.x0);
      frame.set(out.subarray(from, from + w), c * n + y * size.width + t.keep.x0);
    }
}

/** Copies a window's interleaved RGBA output [h,w,4] for its tile's pixels into the frame's [H,W,4]. */
function stitchRgba(frame: Uint8Array, size: Size, out: Uint8Array, t: TileWindow): void {
  const ww = t.window.x1 - t.window.x0;
  const w = t.keep.x1 - t.keep.x0;
  for (let y = t.keep.y0; y < t.keep.y1; y++) {
    const from = ((y - t.window.y0) * ww + (t.keep.x0 - t.window.x0)) * 4;
    frame.set(out.subarray(from, from + 4 * w), (y * size.width + t.keep.x0) * 4);
  }
}

export interface TiledRenderOptions {
  /** Tile side in pixels, a multiple of SHADOW_POOL. */
  tile: number;
  /** Whether the session is the coarse-grid model (render-combined-tile) or the exact one. */
  coarse: boolean;
  /** Called before each tile (cancellation checks). */
  beforeTile?: (index: number, count: number) => void;
}

/**
 * One pass of the combined model's tile variant over the frame, giving what the whole frame gives for `fetch`: the
 * uint8 RGBA pixels [H,W,4], or the float composite [4,H,W] (what the upscale stage reads).
 */
export async function renderTiles(
  session: Pick<ort.InferenceSession, 'run'>,
  input: CombinedFeedInput,
  options: TiledRenderOptions & { fetch: 'rgba' | 'composite' },
): Promise<Uint8Array | Float32Array> {
  const size = { width: input.scene.width, height: input.scene.height };
  const tiles = tileWindows(size, options.tile);
  const n = size.width * size.height;
  const frame = options.fetch === 'rgba' ? new Uint8Array(4 * n) : new Float32Array(4 * n);
  for (const [i, t] of tiles.entries()) {
    options.beforeTile?.(i, tiles.length);
    const result = await session.run(tileFeeds(cropInput(input, t.window, options.coarse)), [options.fetch]);
    const out = (result[options.fetch] as ort.Tensor).data;
    if (frame instanceof Uint8Array) stitchRgba(frame, size, out as Uint8Array, t);
    else stitchPlanar(frame, size, out as Float32Array, t);
  }
  return frame;
}
