import type { CombinedFeedInput } from './feeds.ts';
import { type Planar, pixelsToPlanar, rgbaToPremultiplied } from './tensors.ts';
import { warpBoxPixels } from './reference/warpBox.ts';
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
