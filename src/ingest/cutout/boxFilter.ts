/** Mean over a (2r+1)² window of a single-channel float plane (windows shrink at the borders). O(1) per pixel. */
export function boxMean(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let sum = 0;
    for (let x = 0; x <= Math.min(r, w - 1); x++) sum += src[row + x]!;
    for (let x = 0; x < w; x++) {
      const lo = x - r - 1;
      const hi = x + r;
      if (x > 0) {
        if (hi < w) sum += src[row + hi]!;
        if (lo >= 0) sum -= src[row + lo]!;
      }
      tmp[row + x] = sum / (Math.min(w - 1, hi) - Math.max(0, x - r) + 1);
    }
  }
  const col = new Float64Array(w);
  for (let y = 0; y <= Math.min(r, h - 1); y++) for (let x = 0; x < w; x++) col[x]! += tmp[y * w + x]!;
  for (let y = 0; y < h; y++) {
    const lo = y - r - 1;
    const hi = y + r;
    if (y > 0) {
      if (hi < h) for (let x = 0; x < w; x++) col[x]! += tmp[hi * w + x]!;
      if (lo >= 0) for (let x = 0; x < w; x++) col[x]! -= tmp[lo * w + x]!;
    }
    const count = Math.min(h - 1, hi) - Math.max(0, y - r) + 1;
    for (let x = 0; x < w; x++) out[y * w + x] = col[x]! / count;
  }
  return out;
}

/**
 * The guided filter's local linear coefficients (He, Sun and Tang): within each window, `p ≈ a · guide + b`;
 * returns the window means of a and b, so that `q = meanA · guide + meanB` is the filtered output — at this
 * resolution, or at a finer one with the coefficients upsampled (the fast guided filter).
 */
export function guidedCoefficients(
  guide: Float32Array,
  p: Float32Array,
  w: number,
  h: number,
  r: number,
  eps: number,
): { meanA: Float32Array; meanB: Float32Array } {
  const n = w * h;
  const ip = new Float32Array(n);
  const ii = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    ip[i] = guide[i]! * p[i]!;
    ii[i] = guide[i]! * guide[i]!;
  }
  const mI = boxMean(guide, w, h, r);
  const mP = boxMean(p, w, h, r);
  const mIP = boxMean(ip, w, h, r);
  const mII = boxMean(ii, w, h, r);
  const a = ip;
  const b = ii;
  for (let i = 0; i < n; i++) {
    const variance = mII[i]! - mI[i]! * mI[i]!;
    const ai = (mIP[i]! - mI[i]! * mP[i]!) / (variance + eps);
    a[i] = ai;
    b[i] = mP[i]! - ai * mI[i]!;
  }
  return { meanA: boxMean(a, w, h, r), meanB: boxMean(b, w, h, r) };
}
