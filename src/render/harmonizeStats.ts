import { COARSE_GRID_STEP } from './graphs/parts.ts';
import type { CombinedFeedInput } from './feeds.ts';
import { type Planar, pixelsToPlanar, rgbaToPremultiplied } from './tensors.ts';
import { tpsKernel } from './tps.ts';
import type { TpsTensors } from './warpInputs.ts';

/**
 * The statistics the combined model's harmonize step computes over the whole frame (graphs/parts.ts
 * `harmonizeStats`), computed here in float64 from the same inputs, for the tile variant's `harmonize_stats`
 * input: a tile alone would see other statistics and leave seams. The foreground is rebuilt exactly as the graph
 * builds it — each garment warped into its box (spline at the grid nodes, bilinear between them when coarse,
 * GridSample bilinear with zero padding), laid over the twin bottom first — so the two differ only by float32
 * rounding in the graph.
 */

export interface StatsInput {
  scene: Planar;
  person: Planar;
  /** Bottom to top, as combinedFeeds takes them. */
  garments: readonly { image: Planar; tps: TpsTensors }[];
}

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

/**
 * The statistics from the combined model's own inputs (interleaved uint8: the scene; the twin's and the garments'
 * images straight as decoded), converted to the planar floats the graph makes of them (÷255, premultiplied), the
 * twin placed on a clear frame as the graph places it.
 */
export function harmonizeStatsOf(input: CombinedFeedInput, coarse: boolean): Float32Array {
  const { width, height } = input.scene;
  const n = width * height;
  const person = new Float32Array(4 * n);
  const twin = warpBoxPixels(rgbaToPremultiplied(input.twin.image.data, input.twin.image.width, input.twin.image.height), input.twin.tps, coarse);
  const tn = twin.width * twin.height;
  for (let c = 0; c < 4; c++)
    for (let y = 0; y < twin.height && twin.y0 + y < height; y++)
      for (let x = 0; x < twin.width && twin.x0 + x < width; x++) person[c * n + (twin.y0 + y) * width + twin.x0 + x] = twin.data[c * tn + y * twin.width + x] as number;
  return harmonizeStats(
    {
      scene: pixelsToPlanar(input.scene),
      person: { data: person, width, height, channels: 4 },
      garments: input.garments.map((g) => ({ image: rgbaToPremultiplied(g.image.data, g.image.width, g.image.height), tps: g.tps })),
    },
    coarse,
  );
}

/** sqrt(relu(v) + 1e-8), as the graph takes a spread. */
const spread = (variance: number): number => Math.sqrt(Math.max(variance, 0) + 1e-8);

/**
 * The `harmonize_stats` rows for the whole frame: foreground mean, foreground spread, scene mean, scene spread,
 * three channels each ([4,3], row-major).
 */
export function harmonizeStats(x: StatsInput, coarse: boolean): Float32Array {
  const { width, height } = x.person;
  const n = width * height;
  const p = x.person.data;
  // Sums over the twin alone, then the pixels the garments cover are swapped for the composite's.
  let sumA = 0;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  for (let i = 0; i < n; i++) {
    const a = p[3 * n + i] as number;
    const r = p[i] as number;
    const g = p[n + i] as number;
    const b = p[2 * n + i] as number;
    if (a === 0 && r === 0 && g === 0 && b === 0) continue;
    const inv = 1 / Math.max(a, 1e-6);
    sumA += a;
    s0 += r;
    s1 += g;
    s2 += b;
    q0 += r * r * inv;
    q1 += g * g * inv;
    q2 += b * b * inv;
  }
  const sumC = [s0, s1, s2];
  const sumC2 = [q0, q1, q2];
  const add = (px: ArrayLike<number>, stride: number, i: number, sign: number): void => {
    const a = px[3 * stride + i] as number;
    sumA += sign * a;
    const inv = 1 / Math.max(a, 1e-6);
    for (let c = 0; c < 3; c++) {
      const v = px[c * stride + i] as number;
      sumC[c] = (sumC[c] as number) + sign * v;
      sumC2[c] = (sumC2[c] as number) + sign * v * v * inv;
    }
  };

  const warped = x.garments.map((g) => warpBoxPixels(g.image, g.tps, coarse));
  if (warped.length > 0) {
    const x0 = Math.min(...warped.map((w) => w.x0));
    const y0 = Math.min(...warped.map((w) => w.y0));
    const x1 = Math.max(...warped.map((w) => w.x0 + w.width));
    const y1 = Math.max(...warped.map((w) => w.y0 + w.height));
    const fg = new Float64Array(4);
    for (let y = y0; y < y1; y++)
      for (let xx = x0; xx < x1; xx++) {
        const i = y * width + xx;
        for (let c = 0; c < 4; c++) fg[c] = p[c * n + i] as number;
        let covered = false;
        for (const w of warped) {
          const lx = xx - w.x0;
          const ly = y - w.y0;
          if (lx < 0 || ly < 0 || lx >= w.width || ly >= w.height) continue;
          covered = true;
          const wn = w.width * w.height;
          const j = ly * w.width + lx;
          const keep = 1 - (w.data[3 * wn + j] as number);
          for (let c = 0; c < 4; c++) fg[c] = (w.data[c * wn + j] as number) + (fg[c] as number) * keep;
        }
        if (!covered) continue;
        add(p, n, i, -1);
        add(fg, 1, 0, 1);
      }
  }

  const weight = sumA + 1e-6;
  const s = x.scene.data;
  const ns = x.scene.width * x.scene.height;
  const out = new Float32Array(12);
  for (let c = 0; c < 3; c++) {
    const muF = (sumC[c] as number) / weight;
    out[c] = muF;
    out[3 + c] = spread((sumC2[c] as number) / weight - muF * muF);
    const plane = s.subarray(c * ns, (c + 1) * ns);
    let m = 0;
    let m2 = 0;
    for (let i = 0; i < ns; i++) {
      const v = plane[i] as number;
      m += v;
      m2 += v * v;
    }
    const muS = m / ns;
    out[6 + c] = muS;
    out[9 + c] = spread(m2 / ns - muS * muS);
  }
  return out;
}
