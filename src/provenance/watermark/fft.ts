import { TILE } from './params.ts';

// Constant tables for the one FFT length used (TILE), computed once at load and never written again.
const BIT_REVERSED = Int32Array.from({ length: TILE }, (_, i) => {
  let r = 0;
  for (let b = 1, v = i; b < TILE; b <<= 1, v >>= 1) r = (r << 1) | (v & 1);
  return r;
});
const COS = Float64Array.from({ length: TILE / 2 }, (_, k) => Math.cos((2 * Math.PI * k) / TILE));
const SIN = Float64Array.from({ length: TILE / 2 }, (_, k) => Math.sin((2 * Math.PI * k) / TILE));

/** In-place radix-2 FFT of length TILE along one row or column; `inverse` skips the 1/n scaling. */
function fft1d(re: Float64Array, im: Float64Array, offset: number, stride: number, inverse: boolean): void {
  for (let i = 1; i < TILE; i++) {
    const j = BIT_REVERSED[i]!;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      const tr = re[a]!;
      const ti = im[a]!;
      re[a] = re[b]!;
      im[a] = im[b]!;
      re[b] = tr;
      im[b] = ti;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= TILE; len <<= 1) {
    const half = len >> 1;
    const step = TILE / len;
    for (let i = 0; i < TILE; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = COS[k * step]!;
        const wi = sign * SIN[k * step]!;
        const a = offset + (i + k) * stride;
        const b = a + half * stride;
        const br = re[b]!;
        const bi = im[b]!;
        const xr = br * wr - bi * wi;
        const xi = br * wi + bi * wr;
        const ar = re[a]!;
        const ai = im[a]!;
        re[a] = ar + xr;
        im[a] = ai + xi;
        re[b] = ar - xr;
        im[b] = ai - xi;
      }
    }
  }
}

/** 2-D FFT of a TILE x TILE array, in place. */
export function fft2d(re: Float64Array, im: Float64Array, inverse = false): void {
  for (let y = 0; y < TILE; y++) fft1d(re, im, y * TILE, 1, inverse);
  for (let x = 0; x < TILE; x++) fft1d(re, im, x, TILE, inverse);
}

/** Spectrum of a real tile. */
export function spectrum(tile: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const re = Float64Array.from(tile);
  const im = new Float64Array(re.length);
  fft2d(re, im);
  return { re, im };
}

/**
 * Cyclic cross-correlation C(d) = sum_x folded(x + d) * reference(x), via the reference's
 * precomputed spectrum. Returns C for every shift d (index dy * TILE + dx).
 */
export function crossCorrelate(
  folded: ArrayLike<number>,
  reference: { re: Float64Array; im: Float64Array },
): Float64Array {
  const f = spectrum(folded);
  for (let i = 0; i < f.re.length; i++) {
    const ar = f.re[i] ?? 0;
    const ai = f.im[i] ?? 0;
    const br = reference.re[i] ?? 0;
    const bi = -(reference.im[i] ?? 0);
    f.re[i] = ar * br - ai * bi;
    f.im[i] = ar * bi + ai * br;
  }
  fft2d(f.re, f.im, true);
  const n = f.re.length;
  for (let i = 0; i < n; i++) f.re[i] = (f.re[i] ?? 0) / n;
  return f.re;
}
