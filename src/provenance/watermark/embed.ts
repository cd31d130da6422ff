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

/** Whether a Uint32Array word holds a pixel's R in its low byte (true on every platform we ship). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

interface MarkRows {
  index: Int32Array;
  frac: Float32Array;
  last: number;
  gain: number;
}

/** The mark at output row y, scaled by the gain: rowsUp rows a and b with their weights. */
function rowWeights(rows: MarkRows, width: number, y: number): { a0: number; b0: number; wa: number; wb: number } {
  const v = rows.index[y]!;
  const wb = rows.frac[y]! * rows.gain;
  return { a0: v * width, b0: Math.min(rows.last, v + 1) * width, wa: rows.gain - wb, wb };
}

/**
 * Adds the mark to R, G and B of RGBA pixels, one 32-bit word per pixel (little-endian: R is the low byte).
 * Rounds half up; |delta| is far below 256.
 */
function addMarkRgba(px: Uint32Array, width: number, height: number, rowsUp: Float32Array, rows: MarkRows): void {
  const delta = new Int32Array(width);
  for (let y = 0, i = 0; y < height; y++) {
    const { a0, b0, wa, wb } = rowWeights(rows, width, y);
    for (let x = 0; x < width; x++) delta[x] = ((rowsUp[a0 + x]! * wa + rowsUp[b0 + x]! * wb + 256.5) | 0) - 256;
    for (let x = 0; x < width; x++, i++) {
      const d = delta[x]!;
      const v = px[i]!;
      const r = (v & 0xff) + d;
      const g = ((v >>> 8) & 0xff) + d;
      const b = ((v >>> 16) & 0xff) + d;
      // Almost every pixel stays inside 0..255 and is written as is; the rest are clamped per channel.
      if (((r | g | b) & ~0xff) === 0) px[i] = ((v & 0xff000000) | (b << 16) | (g << 8) | r) >>> 0;
      else px[i] = ((v & 0xff000000) | (clampByte(b) << 16) | (clampByte(g) << 8) | clampByte(r)) >>> 0;
    }
  }
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** The same for RGB pixels, or RGBA pixels not aligned to 4 bytes. */
function addMarkBytes(out: Uint8Array, channels: number, width: number, height: number, rowsUp: Float32Array, rows: MarkRows): void {
  for (let y = 0, p = 0; y < height; y++) {
    const { a0, b0, wa, wb } = rowWeights(rows, width, y);
    for (let x = 0; x < width; x++, p += channels) {
      const delta = ((rowsUp[a0 + x]! * wa + rowsUp[b0 + x]! * wb + 256.5) | 0) - 256;
      if (delta === 0) continue;
      out[p] = clampByte(out[p]! + delta);
      out[p + 1] = clampByte(out[p + 1]! + delta);
      out[p + 2] = clampByte(out[p + 2]! + delta);
    }
  }
}

/**
 * Adds the keyed mark to the image's luminance (R, G and B equally) at full resolution.
 * Returns a new image of the same size and channels, or with `inPlace` marks `image.data` itself and
 * returns it; alpha is unchanged. Deterministic.
 */
export function embedWatermark(image: RgbaImage, payload: bigint, opts: { key?: string; inPlace?: boolean } = {}): RgbaImage {
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

  const out = opts.inPlace ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : Uint8Array.from(data);
  const rows = { index: ys.index, frac: ys.frac, last: work.height - 1, gain };
  if (channels === 4 && LITTLE_ENDIAN && out.byteOffset % 4 === 0) addMarkRgba(new Uint32Array(out.buffer, out.byteOffset, width * height), width, height, rowsUp, rows);
  else addMarkBytes(out, channels, width, height, rowsUp, rows);
  return { data: out, width, height, channels };
}
