import { addMark } from './fullResolution.ts';
import { layOut, pixelKernel, residentOffset, withResidentImage } from '../kernel/kernel.ts';
import { keyedPattern } from './keyedPattern.ts';
import { ACTIVITY_REF, BASE_AMPLITUDE, DEFAULT_KEY, MASK_MAX, MASK_MIN, TILE, WORK_SHORT_SIDE } from './params.ts';
import { assertPayload } from './payload.ts';
import {
  assertImage,
  boxMean,
  luminance,
  luminanceBinned,
  minFilter,
  resampleArea,
  workSize,
  type Plane,
  type RgbaImage,
} from './raster.ts';
import { tilePattern } from './tilePattern.ts';

/**
 * Mark amplitude per work pixel, in grey levels: texture hides a stronger mark than flat areas.
 * Activity is eroded (minimum over a 5x5 window) so that a lone edge does not count as texture:
 * noise right next to a clean edge shows as a halo, noise inside texture does not.
 * This is the reference; amplitudeMap computes the same floats in the WebAssembly kernel.
 */
export function amplitudeMapReference(work: Plane): Float32Array {
  const smooth = boxMean(work, 1);
  const detail = new Float32Array(work.data.length);
  for (let i = 0; i < detail.length; i++) detail[i] = Math.abs(work.data[i]! - smooth.data[i]!);
  const activity = minFilter(boxMean({ data: detail, width: work.width, height: work.height }, 1), 2).data;
  const amplitude = new Float32Array(activity.length);
  for (let i = 0; i < amplitude.length; i++)
    amplitude[i] = BASE_AMPLITUDE * Math.min(MASK_MAX, MASK_MIN + activity[i]! / ACTIVITY_REF);
  return amplitude;
}

/** amplitudeMapReference, run in the kernel (kernel.wat amplitudeMap): the same floats, bit for bit. */
export function amplitudeMap(work: Plane): Float32Array {
  const { width: w, height: h, data } = work;
  const k = pixelKernel();
  const [workAt, outAt, scratchAt] = layOut(k, [
    data.byteLength,
    data.byteLength,
    (w + 1) * (h + 1) * 8 + 3 * data.byteLength,
  ]) as [number, number, number];
  new Float32Array(k.memory.buffer, workAt, data.length).set(data);
  k.amplitudeMap(workAt, w, h, scratchAt, outAt, BASE_AMPLITUDE, MASK_MIN, MASK_MAX, ACTIVITY_REF);
  return new Float32Array(k.memory.buffer, outAt, data.length).slice();
}

/** Marks `pixels` in place; RGBA pixels are resident in the pixel kernel. */
function markPixels(image: RgbaImage, payload: bigint, key: string): void {
  const { width, height, channels, data } = image;
  const work = workSize(width, height, WORK_SHORT_SIDE);
  // Binning is the fast path; an image smaller than the work copy has empty bins, so it is interpolated.
  const workLuma =
    work.factor < 1
      ? luminanceBinned(image, work.width, work.height)
      : resampleArea(luminance(image), work.width, work.height);
  const mask = amplitudeMap(workLuma);
  const tile = tilePattern(keyedPattern(key), payload);

  // The mark at the work scale; addMark upsamples it bilinearly to full resolution.
  const markWork = new Float32Array(work.width * work.height);
  for (let v = 0; v < work.height; v++) {
    for (let u = 0; u < work.width; u++)
      markWork[v * work.width + u] = (mask[v * work.width + u] ?? 0) * (tile[(v % TILE) * TILE + (u % TILE)] ?? 0);
  }
  addMark(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), channels, width, height, markWork, work);
}

/**
 * Adds the keyed mark to the image's luminance (R, G and B equally) at full resolution.
 * Returns a new image of the same size and channels, or with `inPlace` marks `image.data` itself and
 * returns it; alpha is unchanged. Deterministic. RGBA pixels are marked in the pixel kernel: where the stamper
 * has made them resident already, in place there; otherwise on a resident copy.
 */
export function embedWatermark(
  image: RgbaImage,
  payload: bigint,
  opts: { key?: string; inPlace?: boolean } = {},
): RgbaImage {
  assertImage(image);
  assertPayload(payload);
  const { width, height, channels, data } = image;
  const key = opts.key ?? DEFAULT_KEY;
  const out = opts.inPlace ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : Uint8Array.from(data);
  if (channels === 4 && residentOffset(pixelKernel(), out) === null)
    withResidentImage(out, (pixels) => markPixels({ data: pixels, width, height, channels }, payload, key));
  else markPixels({ data: out, width, height, channels }, payload, key);
  return { data: out, width, height, channels };
}
