import type { Transform } from '../../shots/index.ts';
import type { Planar } from '../tensors.ts';
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
 * Draws a straight-alpha RGBA image into an output-sized premultiplied planar layer through `affine`,
 * bilinear, transparent outside. Only the box the image can land in is visited.
 */
export function placeImage(rgba: Uint8Array, src: Size, affine: PoseAffine, out: Size): Planar {
  const n = out.width * out.height;
  const data = new Float32Array(4 * n);
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
  // Premultiplied texels with a one-texel transparent border, so the inner loop needs no bounds checks
  // and edges fade to transparent like GridSample 'zeros'.
  const tw = w + 2;
  const tex = new Float32Array(4 * tw * (h + 2));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = 4 * (y * w + x);
      const t = 4 * ((y + 1) * tw + x + 1);
      const a = (rgba[p + 3] as number) / 255;
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
  for (let y = y0; y < y1; y++) {
    // Texel space: pixel centres at i + 0.5, shifted by the one-texel border.
    let fx = o.x + dxx * (x0 + 0.5) + dyx * (y + 0.5) + 0.5;
    let fy = o.y + dxy * (x0 + 0.5) + dyy * (y + 0.5) + 0.5;
    for (let x = x0; x < x1; x++, fx += dxx, fy += dxy) {
      if (fx <= 0 || fy <= 0 || fx >= w + 1 || fy >= h + 1) continue;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      const ax = fx - ix;
      const ay = fy - iy;
      const t00 = 4 * (iy * tw + ix);
      const t10 = t00 + 4;
      const t01 = t00 + 4 * tw;
      const t11 = t01 + 4;
      const w00 = (1 - ax) * (1 - ay);
      const w10 = ax * (1 - ay);
      const w01 = (1 - ax) * ay;
      const w11 = ax * ay;
      const i = y * out.width + x;
      for (let c = 0; c < 4; c++) {
        data[c * n + i] = (tex[t00 + c] as number) * w00 + (tex[t10 + c] as number) * w10 + (tex[t01 + c] as number) * w01 + (tex[t11 + c] as number) * w11;
      }
    }
  }
  return { data, width: out.width, height: out.height, channels: 4 };
}

/** The lowest row holding opacity above `threshold` (the soles), or undefined for an empty layer. */
export function lowestOpaqueRow(layer: Planar, threshold = 0.5): number | undefined {
  const n = layer.width * layer.height;
  for (let y = layer.height - 1; y >= 0; y--) {
    for (let x = 0; x < layer.width; x++) if ((layer.data[3 * n + y * layer.width + x] as number) > threshold) return y + 1;
  }
  return undefined;
}
