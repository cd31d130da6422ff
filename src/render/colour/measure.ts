import type { PreparedShot } from '../pipeline/prepareShot.ts';
import { garmentInput, twinInput } from '../pipeline/renderShot.ts';
import { warpReference } from '../reference/warp.ts';
import { planar } from '../reference/sampling.ts';
import { type Pixels, rgbaToPremultiplied } from '../tensors.ts';
import type { TpsTensors } from '../warpInputs.ts';
import { deltaE00 } from './ciede2000.ts';
import { srgb8ToLab } from './srgb.ts';

/** A layer counts as a pixel's own colour where it is this opaque and nothing above it shows. */
const OWN = 0.98;
const CLEAR = 0.02;

export interface DeltaStats {
  /** Pixels compared. */
  pixels: number;
  median: number;
  p90: number;
}

export interface ShotColourReport {
  garments: { garmentId: string; deltaE00: DeltaStats }[];
  /** The twin's own pixels (those no garment covers): undefined when the twin is hidden. */
  skin: DeltaStats | undefined;
  /** Rows of the frame below the twin's opaque soles (alpha above ½); undefined when the twin is hidden. */
  floorMargin: { px: number; share: number } | undefined;
  /** Per pixel, 1 where any layer (twin or garment) shows, for overlap checks. */
  figure: Uint8Array;
  /**
   * Per garment: the share of its pixels (any of its parts more than half opaque) that lie off the twin's silhouette
   * (the twin's alpha at most ½ there): cloth standing out from the body, as a cape does. Undefined when the twin is
   * hidden.
   */
  outsideBody: { garmentId: string; share: number; pixels: number }[] | undefined;
  /**
   * Each hand the pose puts in front (the pose's front-parts mask, one connected patch per hand, left to right): the
   * share of its pixels where the twin shows, no garment over it. Empty when the pose has no front parts.
   */
  hands: { pixels: number; visible: number }[];
}

interface Layer {
  data: ArrayLike<number>;
  x0: number;
  y0: number;
  width: number;
  height: number;
}

const alphaAt = (l: Layer, x: number, y: number): number => {
  const lx = x - l.x0;
  const ly = y - l.y0;
  if (lx < 0 || ly < 0 || lx >= l.width || ly >= l.height) return 0;
  return l.data[3 * l.width * l.height + ly * l.width + lx] as number;
};

function stats(values: number[]): DeltaStats {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number =>
    sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
  return { pixels: sorted.length, median: at(0.5), p90: at(0.9) };
}

/**
 * How far a render moved the colours of what it was given: each garment, and the twin, warped again here in float64
 * exactly as the model warps them (reference/warp.ts), is its own colour; every pixel a layer owns (opaque, nothing
 * above it) is compared with the rendered pixel in CIEDE2000. Warping and resampling are not counted as a change, so
 * what is left is what light matching, compositing and the shadow did to the product and to the skin.
 */
export function measureShotColour(
  inputs: PreparedShot,
  rgba: Uint8Array,
  coarse = true,
  /** Whether the render draws the front parts over the garments (false: to measure a renderer that did not). */
  drawsFront = true,
): ShotColourReport {
  const { width, height } = inputs.output;
  const warp = (l: { image: Pixels; tps: TpsTensors }): Layer => {
    const [y0, x0] = Array.from(l.tps.box, Number) as [number, number];
    const crop = warpReference(rgbaToPremultiplied(l.image.data, l.image.width, l.image.height), l.tps, coarse);
    return { data: crop.data, x0, y0, width: crop.width, height: crop.height };
  };
  const twin = inputs.twin ? warp(twinInput(inputs.twin, inputs.output)) : undefined;
  const placed = inputs.garments.map((g) => garmentInput(g, inputs.output));
  const garments = placed.map(warp);
  const front = twin && inputs.twin?.front ? frontLayer(inputs, twin, coarse) : undefined;
  // As the model draws them: where the front mask is and no sleeve lies, the garments' stack thins as a whole and the
  // twin shows through (a sleeve covers the arm inside it).
  const sleeves = placed.map((g) => g.cutsFront === false);
  const thinned = (x: number, y: number): number => {
    const t = twin ? alphaAt(twin, x, y) : 0;
    const mask = front && drawsFront && t > 0 ? alphaAt(front, x, y) / t : 0;
    if (mask === 0) return 1;
    const clear = garments.reduce((c, layer, k) => (sleeves[k] ? c * (1 - alphaAt(layer, x, y)) : c), 1);
    return 1 - mask * clear;
  };
  const cutAlpha = (k: number, x: number, y: number): number => alphaAt(garments[k] as Layer, x, y) * thinned(x, y);
  // Bottom to top: the twin, then the garments in render order.
  const layers = [...(twin ? [twin] : []), ...garments];
  const offset = twin ? 1 : 0;
  const owned: number[][] = layers.map(() => []);
  // A garment fitted part by part is several layers: its figures are gathered under its id.
  const ids = [...new Set(inputs.garments.map((g) => g.garmentId))];
  const idOf = inputs.garments.map((g) => ids.indexOf(g.garmentId));
  const cover = ids.map(() => ({ pixels: 0, outside: 0 }));
  const seen = new Uint8Array(ids.length);
  const figure = new Uint8Array(width * height);
  let soles = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      for (let k = layers.length - 1; k >= 0; k--) {
        const layer = layers[k] as Layer;
        const full = alphaAt(layer, x, y);
        const a = k >= offset ? cutAlpha(k - offset, x, y) : full;
        if (a <= CLEAR) continue;
        figure[i] = 1;
        if (a < OWN) break;
        const n = layer.width * layer.height;
        const j = (y - layer.y0) * layer.width + (x - layer.x0);
        const straight = [0, 1, 2].map((c) => ((layer.data[c * n + j] as number) / full) * 255) as [
          number,
          number,
          number,
        ];
        const p = 4 * i;
        (owned[k] as number[]).push(
          deltaE00(
            srgb8ToLab(...straight),
            srgb8ToLab(rgba[p] as number, rgba[p + 1] as number, rgba[p + 2] as number),
          ),
        );
        break;
      }
      const onBody = twin !== undefined && alphaAt(twin, x, y) > 0.5;
      if (onBody) soles = y;
      if (!twin) continue;
      seen.fill(0);
      garments.forEach((layer, k) => {
        const id = idOf[k] as number;
        if (seen[id] || alphaAt(layer, x, y) <= 0.5) return;
        seen[id] = 1;
        const c = cover[id] as { pixels: number; outside: number };
        c.pixels++;
        if (!onBody) c.outside++;
      });
    }
  return {
    garments: ids.map((garmentId, id) => ({
      garmentId,
      deltaE00: stats(owned.filter((_, k) => k >= offset && idOf[k - offset] === id).flat()),
    })),
    outsideBody: twin
      ? ids.map((garmentId, id) => {
          const c = cover[id] as { pixels: number; outside: number };
          return { garmentId, share: c.pixels > 0 ? c.outside / c.pixels : 0, pixels: c.pixels };
        })
      : undefined,
    skin: twin ? stats(owned[0] as number[]) : undefined,
    floorMargin: twin && soles >= 0 ? { px: height - 1 - soles, share: (height - 1 - soles) / height } : undefined,
    figure,
    hands:
      twin && front
        ? handVisibility(
            twin,
            front,
            (x, y) => 1 - thinned(x, y) * (1 - garments.reduce((c, l) => c * (1 - alphaAt(l, x, y)), 1)),
            (x, y) => garments.some((l, k) => sleeves[k] && alphaAt(l, x, y) > 0.5),
            inputs.output,
          )
        : [],
  };
}

/** The twin's pixels inside its front-parts mask, as a layer over the frame (the twin's crop times the mask). */
function frontLayer(inputs: PreparedShot, twin: Layer, coarse: boolean): Layer {
  const t = twinInput(inputs.twin, inputs.output);
  const mask = inputs.twin?.front as Pixels;
  const m = planar(mask.width, mask.height, 1);
  for (let i = 0; i < m.data.length; i++) m.data[i] = (mask.data[i] as number) / 255;
  const warped = warpReference(m, t.tps, coarse);
  const n = twin.width * twin.height;
  const data = new Float64Array(4 * n);
  for (let c = 0; c < 4; c++)
    for (let i = 0; i < n; i++) data[c * n + i] = (twin.data[c * n + i] as number) * (warped.data[i] as number);
  return { ...twin, data };
}

/**
 * Hand visibility: the front mask's opaque pixels (alpha above ½, on the twin's opaque pixels) split into connected
 * patches, one per arm; a pixel is visible where the twin makes at least half of what shows there, through the
 * garment layers as the render cuts them. A pixel inside a sleeve (the forearm in it) is not counted: the pose puts
 * it in front of a skirt or a coat, not of the sleeve around it.
 */
function handVisibility(
  twin: Layer,
  front: Layer,
  /** How much of the twin shows through the garments at a frame pixel. */
  through: (x: number, y: number) => number,
  /** Whether a sleeve covers the frame pixel. */
  inSleeve: (x: number, y: number) => boolean,
  output: { width: number; height: number },
): { pixels: number; visible: number }[] {
  const { width: w, height: h, x0, y0 } = front;
  const inHand = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const ox = x + x0;
      const oy = y + y0;
      if (ox < 0 || oy < 0 || ox >= output.width || oy >= output.height) continue;
      inHand[y * w + x] = alphaAt(front, ox, oy) > 0.5 && alphaAt(twin, ox, oy) > 0.5 ? 1 : 0;
    }
  const hands: { pixels: number; visible: number; left: number }[] = [];
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (inHand[start] !== 1) continue;
    const hand = { pixels: 0, covered: 0, left: w };
    inHand[start] = 2;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      const x = i % w;
      const y = (i - x) / w;
      if (!inSleeve(x + x0, y + y0)) {
        hand.pixels++;
        hand.left = Math.min(hand.left, x);
        if (through(x + x0, y + y0) < 0.5) hand.covered++;
      }
      for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1])
        if (j >= 0 && inHand[j] === 1) {
          inHand[j] = 2;
          stack.push(j);
        }
    }
    // Specks of a few pixels are the mask's antialiased edge, not a hand.
    if (hand.pixels >= 16)
      hands.push({ pixels: hand.pixels, visible: 1 - hand.covered / hand.pixels, left: hand.left });
  }
  return hands.sort((a, b) => a.left - b.left).map(({ pixels, visible }) => ({ pixels, visible }));
}
