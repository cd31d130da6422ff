import { poseAffine, sceneToOutputY, type PoseAffine, type Size } from '../../contract/placement.ts';
import type { Pixels } from '../tensors.ts';

// The placement itself is shared with the editor's canvas (src/contract/placement.ts): what it shows is what renders.
export { poseAffine, sceneToOutputY, type PoseAffine, type Size };

/**
 * Draws a straight-alpha RGBA image into an output-sized layer of premultiplied interleaved RGBA uint8 through
 * `affine`, bilinear (in premultiplied colour), transparent outside. The combined model places the twin itself
 * (an affine spline, like a garment); this is the plain TypeScript placement its tests compare it with. Only the
 * box the image can land in is visited.
 */
export function placeImage(rgba: Uint8Array, src: Size, affine: PoseAffine, out: Size): PlacedLayer {
  // A clamped array rounds (half to even) and clamps in one store: the same bytes every run.
  const layer = new Uint8ClampedArray(4 * out.width * out.height);
  const corners = [
    { x: 0, y: 0 },
    { x: src.width, y: 0 },
    { x: 0, y: src.height },
    { x: src.width, y: src.height },
  ].map(affine.toOutput);
  const box: Box = {
    x0: Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x)))),
    x1: Math.min(out.width, Math.ceil(Math.max(...corners.map((c) => c.x)))),
    y0: Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y)))),
    y1: Math.min(out.height, Math.ceil(Math.max(...corners.map((c) => c.y)))),
  };
  const texels = premultipliedTexels(rgba, src);
  // The inverse map is affine: texel coordinates of output pixel centres, stepped instead of evaluated.
  const o = affine.toPose({ x: 0, y: 0 });
  const ex = affine.toPose({ x: 1, y: 0 });
  const ey = affine.toPose({ x: 0, y: 1 });
  // +0.5: the one-texel border.
  const map: InverseMap = {
    ox: o.x + 0.5,
    oy: o.y + 0.5,
    dxx: ex.x - o.x,
    dxy: ex.y - o.y,
    dyx: ey.x - o.x,
    dyy: ey.y - o.y,
  };
  const rows = { crown: out.height, soles: 0 };
  placeAffine(layer, out.width, box, texels, map, rows);
  const opaqueRows = rows.soles > 0 ? rows : { crown: undefined, soles: undefined };
  return { data: new Uint8Array(layer.buffer), width: out.width, height: out.height, channels: 4, opaqueRows };
}

/** A placed layer, and the rows its opaque part spans, found while placing. */
export interface PlacedLayer extends Pixels {
  opaqueRows: OpaqueRows;
}

/** As highestOpaqueRow (crown) and lowestOpaqueRow (soles) find them: undefined for a layer with no alpha above ½. */
export interface OpaqueRows {
  crown: number | undefined;
  soles: number | undefined;
}

/** Stored alpha (rounded half to even) is above 127.5, i.e. ½, exactly when the sampled alpha is at least 127.5. */
const OPAQUE = 127.5;

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Output pixel (x, y) samples texel (ox + dxx·(x + ½) + dyx·(y + ½), oy + dxy·(x + ½) + dyy·(y + ½)). */
interface InverseMap {
  ox: number;
  oy: number;
  dxx: number;
  dxy: number;
  dyx: number;
  dyy: number;
}

interface Texels {
  /**
   * Premultiplied RGBA (0..255) with a one-texel transparent border, so sampling needs no bounds checks and
   * edges fade to transparent like GridSample 'zeros'.
   */
  tex: Float32Array;
  /** Texel row width (image width + 2), and the image's size. */
  tw: number;
  w: number;
  h: number;
}

function premultipliedTexels(rgba: Uint8Array, src: Size): Texels {
  const { width: w, height: h } = src;
  const tw = w + 2;
  const tex = new Float32Array(4 * tw * (h + 2));
  for (let y = 0; y < h; y++) {
    for (let x = 0, p = 4 * y * w, t = 4 * ((y + 1) * tw + 1); x < w; x++, p += 4, t += 4) {
      const a = rgba[p + 3] as number;
      if (a === 0) continue;
      const k = a / 255;
      tex[t] = (rgba[p] as number) * k;
      tex[t + 1] = (rgba[p + 1] as number) * k;
      tex[t + 2] = (rgba[p + 2] as number) * k;
      tex[t + 3] = a;
    }
  }
  return { tex, tw, w, h };
}

/** Every pixel of the box, the inverse map stepped along each row. */
function placeAffine(
  layer: Uint8ClampedArray,
  width: number,
  box: Box,
  t: Texels,
  m: InverseMap,
  rows: { crown: number; soles: number },
): void {
  const { tex, tw, w, h } = t;
  const row = 4 * tw;
  for (let y = box.y0; y < box.y1; y++) {
    let fx = m.ox + m.dxx * (box.x0 + 0.5) + m.dyx * (y + 0.5);
    let fy = m.oy + m.dxy * (box.x0 + 0.5) + m.dyy * (y + 0.5);
    for (let x = box.x0, q = 4 * (y * width + box.x0); x < box.x1; x++, q += 4, fx += m.dxx, fy += m.dxy) {
      if (fx <= 0 || fy <= 0 || fx >= w + 1 || fy >= h + 1) continue;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      const t00 = 4 * (iy * tw + ix);
      const t01 = t00 + row;
      const a00 = tex[t00 + 3] as number;
      const a10 = tex[t00 + 7] as number;
      const a01 = tex[t01 + 3] as number;
      const a11 = tex[t01 + 7] as number;
      // Most of the box around a figure is empty: the layer is already transparent there.
      if (a00 + a10 + a01 + a11 === 0) continue;
      const ax = fx - ix;
      const ay = fy - iy;
      const w00 = (1 - ax) * (1 - ay);
      const w10 = ax * (1 - ay);
      const w01 = (1 - ax) * ay;
      const w11 = ax * ay;
      layer[q] =
        (tex[t00] as number) * w00 +
        (tex[t00 + 4] as number) * w10 +
        (tex[t01] as number) * w01 +
        (tex[t01 + 4] as number) * w11;
      layer[q + 1] =
        (tex[t00 + 1] as number) * w00 +
        (tex[t00 + 5] as number) * w10 +
        (tex[t01 + 1] as number) * w01 +
        (tex[t01 + 5] as number) * w11;
      layer[q + 2] =
        (tex[t00 + 2] as number) * w00 +
        (tex[t00 + 6] as number) * w10 +
        (tex[t01 + 2] as number) * w01 +
        (tex[t01 + 6] as number) * w11;
      const alpha = a00 * w00 + a10 * w10 + a01 * w01 + a11 * w11;
      layer[q + 3] = alpha;
      if (alpha >= OPAQUE && y < rows.crown) rows.crown = y;
      if (alpha >= OPAQUE) rows.soles = y + 1;
    }
  }
}

/** Whole pixels of an RGBA layer as little-endian words: alpha is the top byte. */
function words(layer: Pixels): Uint32Array {
  const { data } = layer;
  if (data.byteOffset % 4 !== 0) return new Uint32Array(data.slice().buffer);
  return new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
}

/** The lowest row of an RGBA layer holding opacity above `threshold` (the soles), or undefined for an empty layer. */
export function lowestOpaqueRow(layer: Pixels, threshold = 0.5): number | undefined {
  const level = threshold * 255;
  const px = words(layer);
  for (let y = layer.height - 1; y >= 0; y--) {
    const end = (y + 1) * layer.width;
    for (let i = y * layer.width; i < end; i++) if ((px[i] as number) >>> 24 > level) return y + 1;
  }
  return undefined;
}

/** The highest row of an RGBA layer holding opacity above `threshold` (the crown), or undefined for an empty layer. */
export function highestOpaqueRow(layer: Pixels, threshold = 0.5): number | undefined {
  const level = threshold * 255;
  const px = words(layer);
  for (let i = 0; i < px.length; i++) if ((px[i] as number) >>> 24 > level) return Math.floor(i / layer.width);
  return undefined;
}
