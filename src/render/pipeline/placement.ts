import type { Transform } from '../../shots/index.ts';
import type { Pixels } from '../tensors.ts';
import type { Point } from '../tps.ts';

export interface Size {
  width: number;
  height: number;
}

/** The affine that puts a pose image into the output: its centre to (x, y), scaled, turned clockwise (y down). */
export interface PoseAffine {
  toOutput(p: Point): Point;
  toPose(p: Point): Point;
}

export function poseAffine(transform: Transform, pose: Size): PoseAffine {
  const t = (transform.rotation * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const s = transform.scale;
  const cx = pose.width / 2;
  const cy = pose.height / 2;
  return {
    toOutput: (p) => {
      const dx = p.x - cx;
      const dy = p.y - cy;
      return { x: transform.x + s * (cos * dx - sin * dy), y: transform.y + s * (sin * dx + cos * dy) };
    },
    toPose: (p) => {
      const dx = (p.x - transform.x) / s;
      const dy = (p.y - transform.y) / s;
      return { x: cx + cos * dx + sin * dy, y: cy - sin * dx + cos * dy };
    },
  };
}

/** The scene's floor line in output pixels: the scene covers the output and is centre-cropped. */
export function sceneToOutputY(sceneY: number, scene: Size, output: Size): number {
  const k = Math.max(output.width / scene.width, output.height / scene.height);
  return sceneY * k - (scene.height * k - output.height) / 2;
}

/**
 * Draws a straight-alpha RGBA image into an output-sized layer of premultiplied interleaved RGBA uint8 through
 * `affine`, bilinear (in premultiplied colour), transparent outside. Only the box the image can land in is visited.
 */
export function placeImage(rgba: Uint8Array, src: Size, affine: PoseAffine, out: Size): Pixels {
  // A clamped array rounds (half to even) and clamps in one store: the same bytes every run.
  const layer = new Uint8ClampedArray(4 * out.width * out.height);
  const corners = [
    { x: 0, y: 0 },
    { x: src.width, y: 0 },
    { x: 0, y: src.height },
    { x: src.width, y: src.height },
  ].map(affine.toOutput);
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x))));
  const x1 = Math.min(out.width, Math.ceil(Math.max(...corners.map((c) => c.x))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y))));
  const y1 = Math.min(out.height, Math.ceil(Math.max(...corners.map((c) => c.y))));
  const w = src.width;
  const h = src.height;
  // Premultiplied texels (0..255) with a one-texel transparent border, so the inner loop needs no bounds
  // checks and edges fade to transparent like GridSample 'zeros'.
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
  // The inverse map is affine: step it along each row instead of evaluating it per pixel.
  const o = affine.toPose({ x: 0, y: 0 });
  const ex = affine.toPose({ x: 1, y: 0 });
  const ey = affine.toPose({ x: 0, y: 1 });
  const dxx = ex.x - o.x;
  const dxy = ex.y - o.y;
  const dyx = ey.x - o.x;
  const dyy = ey.y - o.y;
  const row = 4 * tw;
  for (let y = y0; y < y1; y++) {
    // Texel space: pixel centres at i + 0.5, shifted by the one-texel border.
    let fx = o.x + dxx * (x0 + 0.5) + dyx * (y + 0.5) + 0.5;
    let fy = o.y + dxy * (x0 + 0.5) + dyy * (y + 0.5) + 0.5;
    for (let x = x0, q = 4 * (y * out.width + x0); x < x1; x++, q += 4, fx += dxx, fy += dxy) {
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
      layer[q] = (tex[t00] as number) * w00 + (tex[t00 + 4] as number) * w10 + (tex[t01] as number) * w01 + (tex[t01 + 4] as number) * w11;
      layer[q + 1] = (tex[t00 + 1] as number) * w00 + (tex[t00 + 5] as number) * w10 + (tex[t01 + 1] as number) * w01 + (tex[t01 + 5] as number) * w11;
      layer[q + 2] = (tex[t00 + 2] as number) * w00 + (tex[t00 + 6] as number) * w10 + (tex[t01 + 2] as number) * w01 + (tex[t01 + 6] as number) * w11;
      layer[q + 3] = a00 * w00 + a10 * w10 + a01 * w01 + a11 * w11;
    }
  }
  return { data: new Uint8Array(layer.buffer), width: out.width, height: out.height, channels: 4 };
}

/** The lowest row of an RGBA layer holding opacity above `threshold` (the soles), or undefined for an empty layer. */
export function lowestOpaqueRow(layer: Pixels, threshold = 0.5): number | undefined {
  const level = threshold * 255;
  for (let y = layer.height - 1; y >= 0; y--) {
    const end = 4 * (y + 1) * layer.width;
    for (let p = 4 * y * layer.width + 3; p < end; p += 4) if ((layer.data[p] as number) > level) return y + 1;
  }
  return undefined;
}

/** The highest row of an RGBA layer holding opacity above `threshold` (the crown), or undefined for an empty layer. */
export function highestOpaqueRow(layer: Pixels, threshold = 0.5): number | undefined {
  const level = threshold * 255;
  const end = layer.data.length;
  for (let p = 3; p < end; p += 4) if ((layer.data[p] as number) > level) return Math.floor(p / 4 / layer.width);
  return undefined;
}
