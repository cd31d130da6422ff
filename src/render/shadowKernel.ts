import { SHADOW_TAPS } from './graphs/parts.ts';

/**
 * The contact-shadow blur as the model's kernel inputs: a normalised Gaussian of `sigma` pixels
 * (full resolution; the graph blurs at quarter size, so sigma is divided by the pool factor).
 * Sigma beyond what SHADOW_TAPS taps can hold is truncated at the kernel's edge.
 */
export function gaussianTaps(sigmaPooled: number, taps = SHADOW_TAPS): Float32Array {
  const r = (taps - 1) / 2;
  const out = new Float32Array(taps);
  if (sigmaPooled <= 0) {
    out[r] = 1;
    return out;
  }
  let sum = 0;
  for (let i = 0; i < taps; i++) sum += Math.exp(-((i - r) ** 2) / (2 * sigmaPooled * sigmaPooled));
  for (let i = 0; i < taps; i++) out[i] = Math.exp(-((i - r) ** 2) / (2 * sigmaPooled * sigmaPooled)) / sum;
  return out;
}
