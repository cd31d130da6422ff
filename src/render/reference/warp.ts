import { COARSE_GRID_STEP } from '../graphs/parts.ts';
import type { Planar } from '../tensors.ts';
import { tpsKernel } from '../tps.ts';
import type { TpsTensors } from '../warpInputs.ts';
import { gridSampleAt, planar, resizeLinear } from './sampling.ts';

/** The packed spline at destination pixel centre (x + ½, y + ½), in GridSample units. */
function gridAt(t: TpsTensors, px: number, py: number): [number, number] {
  const u = (px - (t.norm[0] as number)) * (t.norm[2] as number);
  const v = (py - (t.norm[1] as number)) * (t.norm[2] as number);
  const k = t.count;
  const c = (i: number): number => t.coef[i] as number;
  let gx = c(2 * k) + c(2 * k + 2) * u + c(2 * k + 4) * v;
  let gy = c(2 * k + 1) + c(2 * k + 3) * u + c(2 * k + 5) * v;
  for (let i = 0; i < k; i++) {
    const w = tpsKernel((u - (t.ctrl[2 * i] as number)) ** 2 + (v - (t.ctrl[2 * i + 1] as number)) ** 2);
    gx += c(2 * i) * w;
    gy += c(2 * i + 1) * w;
  }
  return [gx, gy];
}

/** The sampling grid over the box as a 2-channel planar image (x, y), exact or coarse + bilinear. */
export function tpsGridReference(t: TpsTensors, coarse: boolean): Planar {
  const [y0, x0, h, w] = Array.from(t.box, Number) as [number, number, number, number];
  const step = coarse ? COARSE_GRID_STEP : 1;
  const hc = coarse ? Math.ceil((h - 1) / step) + 1 : h;
  const wc = coarse ? Math.ceil((w - 1) / step) + 1 : w;
  const nodes = planar(wc, hc, 2);
  for (let j = 0; j < hc; j++)
    for (let i = 0; i < wc; i++) {
      const [gx, gy] = gridAt(t, x0 + 0.5 + i * step, y0 + 0.5 + j * step);
      nodes.data[j * wc + i] = gx;
      nodes.data[wc * hc + j * wc + i] = gy;
    }
  if (!coarse) return nodes;
  const fullW = (wc - 1) * step + 1;
  const fullH = (hc - 1) * step + 1;
  const full = resizeLinear(nodes, fullW, fullH, 'align_corners');
  const out = planar(w, h, 2);
  for (let c = 0; c < 2; c++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        out.data[c * w * h + y * w + x] = full.data[c * fullW * fullH + y * fullW + x] as number;
  return out;
}

/** The warped garment over the box, [4,h,w]. */
export function warpReference(garment: Planar, t: TpsTensors, coarse: boolean): Planar {
  const grid = tpsGridReference(t, coarse);
  const { width: w, height: h } = grid;
  const out = planar(w, h, garment.channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const gx = grid.data[y * w + x] as number;
      const gy = grid.data[w * h + y * w + x] as number;
      for (let c = 0; c < garment.channels; c++) out.data[c * w * h + y * w + x] = gridSampleAt(garment, c, gx, gy);
    }
  return out;
}

/** The crop placed at its box in a transparent width × height image. */
export function placeCropReference(crop: Planar, t: TpsTensors, width: number, height: number): Planar {
  const [y0, x0] = Array.from(t.box, Number) as [number, number];
  const out = planar(width, height, crop.channels);
  for (let c = 0; c < crop.channels; c++)
    for (let y = 0; y < crop.height; y++)
      for (let x = 0; x < crop.width; x++)
        out.data[c * width * height + (y + y0) * width + x + x0] = crop.data[
          c * crop.width * crop.height + y * crop.width + x
        ] as number;
  return out;
}
