import { viterbiDecode } from './convolutional.ts';
import { crossCorrelate, spectrum } from './fft.ts';
import { foldPlane } from './fold.ts';
import { keyedPattern, type KeyedPattern } from './keyedPattern.ts';
import {
  CODED_BITS,
  DEFAULT_KEY,
  MESSAGE_BITS,
  SCALE_MAX,
  SCALE_MIN,
  SCALE_STEP,
  TILE,
  TILE_CHIPS,
  WORK_SHORT_SIDE,
  Z_THRESHOLD,
} from './params.ts';
import { payloadFromMessage } from './payload.ts';
import { assertImage, boxMean, luminance, resampleArea, workSize, type Plane, type RgbaImage } from './raster.ts';

export type DetectResult =
  { found: true; payload: bigint; confidence: number } | { found: false; reason: string; bestScore: number };

interface Alignment {
  scale: number;
  dx: number;
  dy: number;
  z: number;
  shift: number; // index of the correlation peak: the tile's cyclic offset
  fold: Float64Array;
}

/** Smallest short side the detector reads: below this the work copy holds less than two tiles. */
const MIN_SHORT_SIDE = 128;
const SUBPIXEL = [0, 0.5];
/** Coarse z-score from which a scale candidate is refined (sub-pixel shifts, finer pitch). */
const REFINE_FROM = 4.5;

/**
 * High-passed luminance at the work scale, divided by the local activity: the detector weights
 * each pixel by how much it can be trusted (busy areas carry a stronger mark but far more noise).
 */
function whitened(luma: Plane): Plane {
  const work = workSize(luma.width, luma.height, WORK_SHORT_SIDE);
  const plane = resampleArea(luma, work.width, work.height);
  const smooth = boxMean(plane, 1);
  const detail = new Float32Array(plane.data.length);
  for (let i = 0; i < detail.length; i++) detail[i] = (plane.data[i] ?? 0) - (smooth.data[i] ?? 0);
  const magnitude = new Float32Array(detail.length);
  for (let i = 0; i < detail.length; i++) magnitude[i] = Math.abs(detail[i] ?? 0);
  const activity = boxMean({ data: magnitude, width: plane.width, height: plane.height }, 3).data;
  for (let i = 0; i < detail.length; i++)
    detail[i] = Math.max(-3, Math.min(3, (detail[i] ?? 0) / ((activity[i] ?? 0) + 1)));
  return { data: detail, width: plane.width, height: plane.height };
}

function align(
  plane: Plane,
  sync: { re: Float64Array; im: Float64Array },
  scale: number,
  dx: number,
  dy: number,
): Alignment {
  const fold = foldPlane(plane, scale, dx, dy);
  const corr = crossCorrelate(fold, sync);
  let sum = 0;
  let sumSq = 0;
  let best = -Infinity;
  let shift = 0;
  for (let i = 0; i < corr.length; i++) {
    const c = corr[i] ?? 0;
    sum += c;
    sumSq += c * c;
    if (c > best) {
      best = c;
      shift = i;
    }
  }
  const mean = sum / corr.length;
  const std = Math.sqrt(Math.max(0, sumSq / corr.length - mean * mean));
  return { scale, dx, dy, z: std > 1e-9 ? (best - mean) / std : 0, shift, fold };
}

function bestOf(plane: Plane, sync: { re: Float64Array; im: Float64Array }, scale: number): Alignment {
  let best: Alignment | undefined;
  for (const dy of SUBPIXEL) {
    for (const dx of SUBPIXEL) {
      const a = align(plane, sync, scale, dx, dy);
      if (!best || a.z > best.z) best = a;
    }
  }
  return best ?? align(plane, sync, scale, 0, 0);
}

/** Despreads the data chips of an aligned fold and runs the Viterbi decoder; undefined when the CRC fails. */
function decode(a: Alignment, pattern: KeyedPattern): bigint | undefined {
  const sx = a.shift % TILE;
  const sy = Math.floor(a.shift / TILE);
  const soft = new Float64Array(CODED_BITS);
  for (let pos = 0; pos < TILE_CHIPS; pos++) {
    const bit = pattern.codedBitOf[pos] ?? -1;
    if (bit < 0) continue;
    const x = ((pos % TILE) + sx) % TILE;
    const y = (Math.floor(pos / TILE) + sy) % TILE;
    soft[bit] = (soft[bit] ?? 0) + (a.fold[y * TILE + x] ?? 0) * (pattern.pn[pos] ?? 0);
  }
  return payloadFromMessage(viterbiDecode(soft, MESSAGE_BITS));
}

/** A pixel this close to the corner colour (grey levels) belongs to a flat bar. */
const FLAT_TOLERANCE = 6;
/**
 * A row or column is a bar when at least this share of its pixels is flat: the export's label is drawn over
 * the bars too (the tiled mark's outline, the badge plate in a corner), so a bar is never perfectly flat.
 */
const BAR_FLAT_SHARE = 0.6;
/** Bars narrower than this share of a side need no trimming: the scale search (from SCALE_MIN) covers them. */
const MIN_BAR_SHARE = 0.015;

/**
 * The content inside bars of one colour on any side (an image fitted into a larger frame on a background, as a
 * marketplace export does), or undefined when there are none. The colour is the top-left pixel's.
 */
export function contentBox(luma: Plane): { left: number; top: number; width: number; height: number } | undefined {
  const { width, height, data } = luma;
  const ref = data[0] ?? 0;
  const isBar = (start: number, step: number, count: number): boolean => {
    let flat = 0;
    for (let k = 0, i = start; k < count; k++, i += step) if (Math.abs((data[i] ?? 0) - ref) <= FLAT_TOLERANCE) flat++;
    return flat >= BAR_FLAT_SHARE * count;
  };
  let top = 0;
  while (top < height && isBar(top * width, 1, width)) top++;
  if (top === height) return undefined;
  let bottom = height;
  while (bottom > top && isBar((bottom - 1) * width, 1, width)) bottom--;
  let left = 0;
  while (left < width && isBar(top * width + left, width, bottom - top)) left++;
  let right = width;
  while (right > left && isBar(top * width + right - 1, width, bottom - top)) right--;
  const box = { left, top, width: right - left, height: bottom - top };
  return box.width < width * (1 - MIN_BAR_SHARE) || box.height < height * (1 - MIN_BAR_SHARE) ? box : undefined;
}

function crop(luma: Plane, box: { left: number; top: number; width: number; height: number }): Plane {
  const data = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++)
    data.set(
      luma.data.subarray((box.top + y) * luma.width + box.left, (box.top + y) * luma.width + box.left + box.width),
      y * box.width,
    );
  return { data, width: box.width, height: box.height };
}

/**
 * Looks for the keyed mark. Accepts only when the sync correlation's z-score clears Z_THRESHOLD
 * and the decoded payload's CRC-16 holds; otherwise reports why, with the best z-score seen.
 * An image framed by flat bars is searched again on its content alone, whose short side sets the work scale.
 */
export function detectWatermark(image: RgbaImage, opts: { key?: string } = {}): DetectResult {
  assertImage(image);
  if (Math.min(image.width, image.height) < MIN_SHORT_SIDE) {
    return {
      found: false,
      reason: `image too small: short side ${Math.min(image.width, image.height)} px < ${MIN_SHORT_SIDE}`,
      bestScore: 0,
    };
  }
  const pattern = keyedPattern(opts.key ?? DEFAULT_KEY);
  const sync = spectrum(Array.from(pattern.pn, (pn, i) => (pattern.isSync[i] ? pn : 0)));
  const luma = luminance(image);
  const whole = search(whitened(luma), pattern, sync);
  if (whole.found) return whole;
  const box = contentBox(luma);
  if (!box || Math.min(box.width, box.height) < MIN_SHORT_SIDE) return whole;
  const framed = search(whitened(crop(luma, box)), pattern, sync);
  return framed.found || framed.bestScore > whole.bestScore ? framed : whole;
}

function search(plane: Plane, pattern: KeyedPattern, sync: { re: Float64Array; im: Float64Array }): DetectResult {
  const tried: Alignment[] = [];
  let crcFailures = 0;
  const attempt = (a: Alignment): bigint | undefined => {
    if (a.z < Z_THRESHOLD) return undefined;
    const payload = decode(a, pattern);
    if (payload === undefined) crcFailures++;
    return payload;
  };

  // Most copies keep the short side (re-encoding, resizing, cropping the long side): try pitch 1 first.
  const first = bestOf(plane, sync, 1);
  tried.push(first);
  let payload = attempt(first);
  if (payload !== undefined) return { found: true, payload, confidence: first.z };

  for (let scale = SCALE_MIN; scale <= SCALE_MAX + 1e-9; scale += SCALE_STEP) {
    if (Math.abs(scale - 1) < 1e-9) continue;
    tried.push(align(plane, sync, scale, 0, 0));
  }
  tried.sort((a, b) => b.z - a.z);
  let bestScore = tried[0]?.z ?? 0;
  // Refining costs a dozen folds, so only candidates that already stand out from chance get it.
  for (const coarse of tried.slice(0, 2).filter((a) => a.z >= REFINE_FROM)) {
    let best = bestOf(plane, sync, coarse.scale);
    for (const ds of [-SCALE_STEP / 2, -SCALE_STEP / 4, SCALE_STEP / 4, SCALE_STEP / 2]) {
      const a = bestOf(plane, sync, coarse.scale + ds);
      if (a.z > best.z) best = a;
    }
    payload = attempt(best);
    if (payload !== undefined) return { found: true, payload, confidence: best.z };
    bestScore = Math.max(bestScore, best.z);
  }
  const reason =
    crcFailures > 0
      ? 'a sync pattern matched but the payload failed its CRC'
      : `no watermark: best sync z-score ${bestScore.toFixed(2)} < ${Z_THRESHOLD}`;
  return { found: false, reason, bestScore };
}
