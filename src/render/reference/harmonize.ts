import type { Planar } from '../tensors.ts';
import { planar } from './sampling.ts';

/** Light matching (see graphs/parts.ts `lightLayer`) in float64: colour × gain per channel, within [0, alpha]. */
export function lightReference(layer: Planar, gain: readonly [number, number, number]): Planar {
  const n = layer.width * layer.height;
  const out = planar(layer.width, layer.height, 4);
  const alpha = layer.data.subarray(3 * n, 4 * n);
  out.data.set(alpha, 3 * n);
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < n; i++)
      out.data[c * n + i] = Math.min((layer.data[c * n + i] as number) * (gain[c] as number), alpha[i] as number);
  return out;
}
