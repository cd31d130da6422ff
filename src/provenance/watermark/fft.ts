import { TILE } from './params.ts';

/** In-place radix-2 FFT of length n (a power of two); `inverse` skips the 1/n scaling. */
function fft1d(re: Float64Array, im: Float64Array, n: number, offset: number, stride: number, inverse: boolean): void {
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      const tr = re[a] ?? 0;
      const ti = im[a] ?? 0;
      re[a] = re[b] ?? 0;
      im[a] = im[b] ?? 0;
      re[b] = tr;
      im[b] = ti;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = offset + (i + k) * stride;
        const b = offset + (i + k + len / 2) * stride;
        const br = re[b] ?? 0;
        const bi = im[b] ?? 0;
        const xr = br * wr - bi * wi;
        const xi = br * wi + bi * wr;
        const ar = re[a] ?? 0;
        const ai = im[a] ?? 0;
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
  for (let y = 0; y < TILE; y++) fft1d(re, im, TILE, y * TILE, 1, inverse);
  for (let x = 0; x < TILE; x++) fft1d(re, im, TILE, x, TILE, inverse);
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
export function crossCorrelate(folded: ArrayLike<number>, reference: { re: Float64Array; im: Float64Array }): Float64Array {
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
