import { keyedPattern } from './keyedPattern.ts';
import { ACTIVITY_REF, BASE_AMPLITUDE, DEFAULT_KEY, MASK_MAX, MASK_MIN, MAX_RMS, TILE, WORK_SHORT_SIDE } from './params.ts';
import { assertPayload } from './payload.ts';
import { assertImage, boxMean, luminance, luminanceBinned, minFilter, resampleArea, workSize, type Plane, type RgbaImage } from './raster.ts';
import { tilePattern } from './tilePattern.ts';

/**
 * Mark amplitude per work pixel, in grey levels: texture hides a stronger mark than flat areas.
 * Activity is eroded (minimum over a 5x5 window) so that a lone edge does not count as texture:
 * noise right next to a clean edge shows as a halo, noise inside texture does not.
 */
function amplitudeMap(work: Plane): Float32Array {
  const smooth = boxMean(work, 1);
  const detail = new Float32Array(work.data.length);
  for (let i = 0; i < detail.length; i++) detail[i] = Math.abs(work.data[i]! - smooth.data[i]!);
  const activity = minFilter(boxMean({ data: detail, width: work.width, height: work.height }, 1), 2).data;
  const amplitude = new Float32Array(activity.length);
  for (let i = 0; i < amplitude.length; i++) amplitude[i] = BASE_AMPLITUDE * Math.min(MASK_MAX, MASK_MIN + activity[i]! / ACTIVITY_REF);
  return amplitude;
}

/** For each full-resolution coordinate: the work-grid cell to its left/top and the interpolation weight. */
function axisTaps(length: number, factor: number, workLength: number): { index: Int32Array; frac: Float32Array } {
  const index = new Int32Array(length);
  const frac = new Float32Array(length);
  for (let x = 0; x < length; x++) {
    const u = Math.min(Math.max((x + 0.5) * factor - 0.5, 0), workLength - 1);
    const k = Math.min(Math.floor(u), Math.max(0, workLength - 2));
    index[x] = k;
    frac[x] = u - k;
  }
  return { index, frac };
}

/**
 * Adds the keyed mark to the image's luminance (R, G and B equally) at full resolution.
 * Returns a new image of the same size and channels; alpha is copied unchanged. Deterministic.
 */
export function embedWatermark(image: RgbaImage, payload: bigint, opts: { key?: string } = {}): RgbaImage {
  assertImage(image);
  assertPayload(payload);
  const { width, height, channels, data } = image;
  const work = workSize(width, height, WORK_SHORT_SIDE);
  // Binning is the fast path; an image smaller than the work copy has empty bins, so it is interpolated.
  const workLuma = work.factor < 1 ? luminanceBinned(image, work.width, work.height) : resampleArea(luminance(image), work.width, work.height);
  const mask = amplitudeMap(workLuma);
  const tile = tilePattern(keyedPattern(opts.key ?? DEFAULT_KEY), payload);

  // The mark at the work scale, then bilinearly upsampled to full resolution.
  const markWork = new Float32Array(work.width * work.height);
  for (let v = 0; v < work.height; v++) {
    for (let u = 0; u < work.width; u++) markWork[v * work.width + u] = (mask[v * work.width + u] ?? 0) * (tile[(v % TILE) * TILE + (u % TILE)] ?? 0);
  }
  // Upsample along x once per work row; rows are then blended per output row. The mark's energy
  // follows from per-row-pair sums, so the gain capping its RMS (which bounds PSNR) is known before
  // the single full-resolution pass.
  const xs = axisTaps(width, work.factor, work.width);
  const ys = axisTaps(height, work.factor, work.height);
  const rowsUp = new Float32Array(work.height * width);
  for (let v = 0; v < work.height; v++) {
    const src = v * work.width;
    const dst = v * width;
    for (let x = 0; x < width; x++) {
      const k = xs.index[x] ?? 0;
      const tx = xs.frac[x] ?? 0;
      rowsUp[dst + x] = (markWork[src + k] ?? 0) * (1 - tx) + (markWork[src + Math.min(work.width - 1, k + 1)] ?? 0) * tx;
    }
  }
  const pairSums = new Float64Array(work.height * 3); // per row v: sum a^2, sum a*b, sum b^2 with b = row v+1
  for (let v = 0; v < work.height; v++) {
    const a0 = v * width;
    const b0 = Math.min(work.height - 1, v + 1) * width;
    let aa = 0;
    let ab = 0;
    let bb = 0;
    for (let x = 0; x < width; x++) {
      const a = rowsUp[a0 + x] ?? 0;
      const b = rowsUp[b0 + x] ?? 0;
      aa += a * a;
      ab += a * b;
      bb += b * b;
    }
    pairSums[3 * v] = aa;
    pairSums[3 * v + 1] = ab;
    pairSums[3 * v + 2] = bb;
  }
  let energy = 0;
  for (let y = 0; y < height; y++) {
    const v = ys.index[y] ?? 0;
    const t = ys.frac[y] ?? 0;
    energy += (1 - t) * (1 - t) * (pairSums[3 * v] ?? 0) + 2 * (1 - t) * t * (pairSums[3 * v + 1] ?? 0) + t * t * (pairSums[3 * v + 2] ?? 0);
  }
  const rms = Math.sqrt(energy / (width * height));
  const gain = rms > MAX_RMS ? MAX_RMS / rms : 1;

  // A clamped array does the 0..255 clamping on store, which keeps the per-pixel loop tight.
  const out = new Uint8ClampedArray(data.length);
  out.set(data);
  for (let y = 0, p = 0; y < height; y++) {
    const a0 = (ys.index[y] ?? 0) * width;
    const b0 = Math.min(work.height - 1, (ys.index[y] ?? 0) + 1) * width;
    const wb = (ys.frac[y] ?? 0) * gain;
    const wa = gain - wb;
    for (let x = 0; x < width; x++, p += channels) {
      const delta = ((rowsUp[a0 + x]! * wa + rowsUp[b0 + x]! * wb + 256.5) | 0) - 256; // round half up; |delta| is far below 256
      if (delta === 0) continue;
      out[p] = data[p]! + delta;
      out[p + 1] = data[p + 1]! + delta;
      out[p + 2] = data[p + 2]! + delta;
    }
  }
  return { data: new Uint8Array(out.buffer), width, height, channels };
}
