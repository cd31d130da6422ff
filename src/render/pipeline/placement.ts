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
  // Premultiplied texel, 0 outside the image (so edges fade to transparent like GridSample 'zeros').
  const texel = (ix: number, iy: number, c: number): number => {
    if (ix < 0 || iy < 0 || ix >= w || iy >= h) return 0;
    const p = 4 * (iy * w + ix);
    const a = rgba[p + 3] as number;
    return c === 3 ? a / 255 : ((rgba[p + c] as number) * a) / 65025;
  };
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const q = affine.toPose({ x: x + 0.5, y: y + 0.5 });
      const fx = q.x - 0.5;
      const fy = q.y - 0.5;
      if (fx <= -1 || fy <= -1 || fx >= w || fy >= h) continue;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      const ax = fx - ix;
      const ay = fy - iy;
      const i = y * out.width + x;
      for (let c = 0; c < 4; c++) {
        const top = texel(ix, iy, c) * (1 - ax) + texel(ix + 1, iy, c) * ax;
        const bottom = texel(ix, iy + 1, c) * (1 - ax) + texel(ix + 1, iy + 1, c) * ax;
        data[c * n + i] = top * (1 - ay) + bottom * ay;
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
