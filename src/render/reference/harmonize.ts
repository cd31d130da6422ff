import type { Planar } from '../tensors.ts';
import { planar } from './sampling.ts';

/** The harmonize stage (see graphs/parts.ts `harmonize`) in float64. */
export function harmonizeReference(fg: Planar, scene: Planar, strength: number): Planar {
  const n = fg.width * fg.height;
  const ns = scene.width * scene.height;
  const alpha = fg.data.subarray(3 * n, 4 * n);
  let weight = 1e-6;
  for (const a of alpha) weight += a;
  const out = planar(fg.width, fg.height, 4);
  out.data.set(alpha, 3 * n);
  for (let c = 0; c < 3; c++) {
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      const v = fg.data[c * n + i] as number;
      sum += v;
      sum2 += (v * v) / Math.max(alpha[i] as number, 1e-6);
    }
    const muF = sum / weight;
    const sdF = Math.sqrt(Math.max(sum2 / weight - muF * muF, 0) + 1e-8);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < ns; i++) {
      const v = scene.data[c * ns + i] as number;
      s += v;
      s2 += v * v;
    }
    const muS = s / ns;
    const sdS = Math.sqrt(Math.max(s2 / ns - muS * muS, 0) + 1e-8);
    const ratio = Math.min(Math.max(sdS / sdF, 0.5), 2);
    const k = 1 + strength * (ratio - 1);
    const shift = (1 - k) * muF + strength * (muS - muF);
    for (let i = 0; i < n; i++) {
      const a = alpha[i] as number;
      out.data[c * n + i] = Math.min(Math.max((fg.data[c * n + i] as number) * k + a * shift, 0), a);
    }
  }
  return out;
}
