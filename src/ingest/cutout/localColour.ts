import type { RgbPlane } from './backdrop.ts';
import { boxMean } from './boxFilter.ts';
import { lumaOf } from '../../imaging/luma.ts';

/*
 * The local colours the matte mixes a band pixel from: the mean colour of the subject's or of the backdrop's pixels
 * around it (the backdrop's brought to the brightness of a plane through its luma, read at the pixel), and the
 * subject's lighter and darker parts (a print's ground and its motifs).
 */

/**
 * Normalised convolution: the mean colour of the pixels `weight` marks, around each pixel (NaN where none). `den`,
 * the window means of `weight`, is passed by a caller that has it already.
 */
export function localMean(
  image: RgbPlane,
  weight: Float32Array,
  r: number,
  den = boxMean(weight, image.width, image.height, r),
): Float32Array {
  const { width: w, height: h, data } = image;
  const n = w * h;
  const out = new Float32Array(n * 3);
  const channel = new Float32Array(n);
  for (let ch = 0; ch < 3; ch++) {
    for (let p = 0; p < n; p++) channel[p] = data[p * 3 + ch]! * weight[p]!;
    const num = boxMean(channel, w, h, r);
    for (let p = 0; p < n; p++) out[p * 3 + ch] = den[p]! > 1e-3 ? num[p]! / den[p]! : Number.NaN;
  }
  return out;
}

/**
 * A patterned subject's two colours around each pixel: the mean colours of the pixels `weight` marks that are lighter
 * and darker than `mean` (their local mean colour, from localMean over the same window) where they lie; NaN where
 * there are none. On a print, the ground and its motifs.
 */
export function localSubjectParts(
  image: RgbPlane,
  weight: Float32Array,
  mean: Float32Array,
  r: number,
): { light: Float32Array; dark: Float32Array } {
  const { data } = image;
  const n = weight.length;
  const lightW = new Float32Array(n);
  const darkW = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    if (!weight[p]) continue;
    const i = p * 3;
    const lighter = lumaOf(data[i]!, data[i + 1]!, data[i + 2]!) >= lumaOf(mean[i]!, mean[i + 1]!, mean[i + 2]!);
    (lighter ? lightW : darkW)[p] = weight[p]!;
  }
  return { light: localMean(image, lightW, r), dark: localMean(image, darkW, r) };
}

/**
 * Spread (px², along each axis) added to the backdrop pixels' own in a window before the luma plane's slope is
 * fitted: where they lie along a line (paper one pixel wide between two parts) the slope across it is unknown, and
 * this holds it near zero.
 */
const PLANE_RIDGE = 0.5;

/**
 * The backdrop colour around each pixel, from the pixels `weight` marks (NaN where none): their mean colour, scaled
 * to the luma of the plane fitted through their lumas (weighted least squares over the window) and read at the pixel
 * itself. A band pixel's window holds backdrop on one side of it only; where the paper grades (the soft edge of the
 * subject's shadow, the light's fall-off) their mean is the paper's brightness some pixels away, and the plane
 * carries it to the pixel. Light scales the paper's colour, so chroma follows the mean: JPEG smears the subject's
 * chroma onto the paper beside it, and a plane through chroma would tilt with the smear.
 */
export function localBackdropColour(image: RgbPlane, weight: Float32Array, r: number): Float32Array {
  const { width: w, height: h, data } = image;
  const n = w * h;
  // Weight × (x, y, x², y², xy, luma·x, luma·y), in coordinates about the image's centre (they keep the second
  // moments small enough for single precision); their window means follow. The mean luma is the mean colour's.
  const cx = w / 2;
  const cy = h / 2;
  const zeros = (): Float32Array => new Float32Array(n);
  const [wx, wy, wxx, wyy, wxy, wlx, wly] = [zeros(), zeros(), zeros(), zeros(), zeros(), zeros(), zeros()];
  for (let y = 0, p = 0; y < h; y++) {
    const v = y - cy;
    for (let x = 0; x < w; x++, p++) {
      const k = weight[p]!;
      if (k === 0) continue;
      const u = x - cx;
      const luma = k * lumaOf(data[p * 3]!, data[p * 3 + 1]!, data[p * 3 + 2]!);
      wx[p] = k * u;
      wy[p] = k * v;
      wxx[p] = k * u * u;
      wyy[p] = k * v * v;
      wxy[p] = k * u * v;
      wlx[p] = luma * u;
      wly[p] = luma * v;
    }
  }
  const windowMean = (plane: Float32Array): Float32Array => boxMean(plane, w, h, r);
  const s0 = windowMean(weight);
  const mean = localMean(image, weight, r, s0);
  const sx = windowMean(wx);
  const sy = windowMean(wy);
  const sxx = windowMean(wxx);
  const syy = windowMean(wyy);
  const sxy = windowMean(wxy);
  const slx = windowMean(wlx);
  const sly = windowMean(wly);
  for (let p = 0; p < n; p++) {
    const m = s0[p]!;
    const i = p * 3;
    if (Number.isNaN(mean[i]!)) continue;
    const meanLuma = lumaOf(mean[i]!, mean[i + 1]!, mean[i + 2]!);
    if (meanLuma < 1) continue;
    // The backdrop pixels' centroid relative to this pixel, their spread about it, and the luma's covariance with
    // position: the plane's slope (gu, gv) solves the 2 × 2 normal equations.
    const x = (p % w) - cx;
    const y = Math.floor(p / w) - cy;
    const mx = sx[p]! / m;
    const my = sy[p]! / m;
    const cuu = sxx[p]! / m - mx * mx + PLANE_RIDGE;
    const cvv = syy[p]! / m - my * my + PLANE_RIDGE;
    const cuv = sxy[p]! / m - mx * my;
    const cu = slx[p]! / m - mx * meanLuma;
    const cv = sly[p]! / m - my * meanLuma;
    const det = cuu * cvv - cuv * cuv;
    const gu = (cvv * cu - cuv * cv) / det;
    const gv = (cuu * cv - cuv * cu) / det;
    const luma = Math.max(0, meanLuma + gu * (x - mx) + gv * (y - my));
    const scale = luma / meanLuma;
    for (let ch = 0; ch < 3; ch++) mean[i + ch] = mean[i + ch]! * scale;
  }
  return mean;
}
