import { COARSE_GRID_STEP } from '../graphs/parts.ts';
import type { Planar } from '../tensors.ts';
import { tpsKernel } from '../tps.ts';
import type { TpsTensors } from '../warpInputs.ts';

/**
 * A layer warped into its box as the combined model warps it (spline at the grid nodes, bilinear between them when
 * coarse, GridSample bilinear with zero padding), in float64: what harmonize statistics and the colour evaluation
 * (tools/eval.ts) read the layers' own pixels from.
 */

/** The packed spline at destination point (px, py), in GridSample units (see warpInputs.ts `tpsTensors`). */
function splineAt(t: TpsTensors, px: number, py: number): [number, number] {
  const u = (px - (t.norm[0] as number)) * (t.norm[2] as number);
  const v = (py - (t.norm[1] as number)) * (t.norm[2] as number);
  const k = t.count;
  const c = t.coef;
  let gx = (c[2 * k] as number) + (c[2 * k + 2] as number) * u + (c[2 * k + 4] as number) * v;
  let gy = (c[2 * k + 1] as number) + (c[2 * k + 3] as number) * u + (c[2 * k + 5] as number) * v;
  for (let i = 0; i < k; i++) {
    const w = tpsKernel((u - (t.ctrl[2 * i] as number)) ** 2 + (v - (t.ctrl[2 * i + 1] as number)) ** 2);
    gx += (c[2 * i] as number) * w;
    gy += (c[2 * i + 1] as number) * w;
  }
  return [gx, gy];
}

/** The garment warped over its box, premultiplied RGBA planar [4,h,w] in float64. */
export function warpBoxPixels(garment: Planar, t: TpsTensors, coarse: boolean): { data: Float64Array; x0: number; y0: number; width: number; height: number } {
  const [y0, x0, h, w] = Array.from(t.box, Number) as [number, number, number, number];
  const step = coarse ? COARSE_GRID_STEP : 1;
  const hc = Math.ceil((h - 1) / step) + 1;
  const wc = Math.ceil((w - 1) / step) + 1;
  const nodes = new Float64Array(2 * hc * wc);
  for (let j = 0; j < hc; j++)
    for (let i = 0; i < wc; i++) {
      const [gx, gy] = splineAt(t, x0 + 0.5 + i * step, y0 + 0.5 + j * step);
      nodes[2 * (j * wc + i)] = gx;
      nodes[2 * (j * wc + i) + 1] = gy;
    }
  const gw = garment.width;
  const gh = garment.height;
  const gn = gw * gh;
  const src = garment.data;
  const n = w * h;
  const out = new Float64Array(4 * n);
  for (let y = 0; y < h; y++) {
    // Resize linear, align_corners, from (hc−1)·step+1 rows: pixel y sits at node y/step.
    const sy = y / step;
    const j0 = Math.floor(sy);
    const fy = sy - j0;
    const r0 = 2 * j0 * wc;
    const r1 = 2 * Math.min(j0 + 1, hc - 1) * wc;
    for (let x = 0; x < w; x++) {
      const sx = x / step;
      const i0 = Math.floor(sx);
      const fx = sx - i0;
      const c0 = 2 * i0;
      const c1 = 2 * Math.min(i0 + 1, wc - 1);
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const gx = (nodes[r0 + c0] as number) * w00 + (nodes[r0 + c1] as number) * w01 + (nodes[r1 + c0] as number) * w10 + (nodes[r1 + c1] as number) * w11;
      const gy = (nodes[r0 + c0 + 1] as number) * w00 + (nodes[r0 + c1 + 1] as number) * w01 + (nodes[r1 + c0 + 1] as number) * w10 + (nodes[r1 + c1 + 1] as number) * w11;
      // GridSample, align_corners = 0: −1 and +1 are the outer edges of the garment; taps outside read 0.
      const px = ((gx + 1) * gw - 1) / 2;
      const py = ((gy + 1) * gh - 1) / 2;
      const ax = Math.floor(px);
      const ay = Math.floor(py);
      if (ax < -1 || ay < -1 || ax >= gw || ay >= gh) continue;
      const bx = px - ax;
      const by = py - ay;
      const inX0 = ax >= 0;
      const inX1 = ax + 1 < gw;
      const inY0 = ay >= 0;
      const inY1 = ay + 1 < gh;
      const t00 = inX0 && inY0 ? (1 - bx) * (1 - by) : 0;
      const t01 = inX1 && inY0 ? bx * (1 - by) : 0;
      const t10 = inX0 && inY1 ? (1 - bx) * by : 0;
      const t11 = inX1 && inY1 ? bx * by : 0;
      const p00 = ay * gw + ax;
      const o = y * w + x;
      for (let ch = 0; ch < 4; ch++) {
        const b = ch * gn + p00;
        let v = 0;
        if (t00 !== 0) v += t00 * (src[b] as number);
        if (t01 !== 0) v += t01 * (src[b + 1] as number);
        if (t10 !== 0) v += t10 * (src[b + gw] as number);
        if (t11 !== 0) v += t11 * (src[b + gw + 1] as number);
        out[ch * n + o] = v;
      }
    }
  }
  return { data: out, x0, y0, width: w, height: h };
}

