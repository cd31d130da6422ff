import { BugError } from '../../errors/index.ts';
import { MAX_RMS } from './params.ts';
import { layOut, pixelKernel, residentOffset } from '../kernel/kernel.ts';

/**
 * Puts the mark, designed at the work scale, onto the full-resolution pixels: upsampled bilinearly (along x once
 * per work row, then between two such rows per output row), its gain capped so its RMS stays at MAX_RMS, and
 * added to R, G and B. The three passes over the image run in WebAssembly (kernel.wat, SIMD for the add): RGBA
 * images, resident in the kernel, entirely; RGB images for the upsampling (their add, and the last width % 4
 * pixels of an RGBA row, run in TypeScript). addMarkReference does all of it in TypeScript; the kernel is tested against it byte for byte.
 */

export interface WorkGrid {
  width: number;
  height: number;
  /** Work size / full size. */
  factor: number;
}

interface AxisTaps {
  /** Per full-resolution coordinate: the work cell to its left/top, the one after it, and the weight of the latter. */
  index: Int32Array;
  next: Int32Array;
  frac: Float32Array;
}

/** For each full-resolution coordinate: the work-grid cells either side and the interpolation weight. */
function axisTaps(length: number, factor: number, workLength: number): AxisTaps {
  const index = new Int32Array(length);
  const next = new Int32Array(length);
  const frac = new Float32Array(length);
  for (let x = 0; x < length; x++) {
    const u = Math.min(Math.max((x + 0.5) * factor - 0.5, 0), workLength - 1);
    const k = Math.min(Math.floor(u), Math.max(0, workLength - 2));
    index[x] = k;
    next[x] = Math.min(workLength - 1, k + 1);
    frac[x] = u - k;
  }
  return { index, next, frac };
}

/** Each work row interpolated along x to the image's width (work.height rows of `width`). */
function upsampleRows(mark: Float32Array, work: WorkGrid, xs: AxisTaps, width: number): Float32Array {
  const rowsUp = new Float32Array(work.height * width);
  for (let v = 0; v < work.height; v++) {
    const src = v * work.width;
    for (let x = 0; x < width; x++) {
      const t = xs.frac[x]!;
      rowsUp[v * width + x] = mark[src + xs.index[x]!]! * (1 - t) + mark[src + xs.next[x]!]! * t;
    }
  }
  return rowsUp;
}

/** Per row v, the sums of a², a·b and b² over x, with a = row v and b = row v + 1 (the last: itself). */
function pairSums(rowsUp: Float32Array, rows: number, width: number): Float64Array {
  const sums = new Float64Array(rows * 3);
  for (let v = 0; v < rows; v++) {
    const a0 = v * width;
    const b0 = Math.min(rows - 1, v + 1) * width;
    let aa = 0;
    let ab = 0;
    let bb = 0;
    for (let x = 0; x < width; x++) {
      const a = rowsUp[a0 + x]!;
      const b = rowsUp[b0 + x]!;
      aa += a * a;
      ab += a * b;
      bb += b * b;
    }
    sums[3 * v] = aa;
    sums[3 * v + 1] = ab;
    sums[3 * v + 2] = bb;
  }
  return sums;
}

/** The gain that caps the full-resolution mark's RMS at MAX_RMS (which bounds the PSNR), from the row-pair sums. */
function gainFor(pairSums: Float64Array, ys: AxisTaps, width: number, height: number): number {
  let energy = 0;
  for (let y = 0; y < height; y++) {
    const v = ys.index[y]!;
    const t = ys.frac[y]!;
    energy +=
      (1 - t) * (1 - t) * pairSums[3 * v]! + 2 * (1 - t) * t * pairSums[3 * v + 1]! + t * t * pairSums[3 * v + 2]!;
  }
  const rms = Math.sqrt(energy / (width * height));
  return rms > MAX_RMS ? MAX_RMS / rms : 1;
}

interface RowWeights {
  /** Offsets into the upsampled rows of the two rows output row y lies between, and their weights (gain included). */
  a0: number;
  b0: number;
  wa: number;
  wb: number;
}

function rowWeights(ys: AxisTaps, gain: number, width: number, y: number): RowWeights {
  const wb = ys.frac[y]! * gain;
  return { a0: ys.index[y]! * width, b0: ys.next[y]! * width, wa: gain - wb, wb };
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** Adds the mark to pixels x0..x1 of one row whose first pixel is at byte p0. Rounds half up. */
function addMarkPixels(
  out: Uint8Array,
  p0: number,
  channels: number,
  x0: number,
  x1: number,
  rowsUp: Float32Array,
  w: RowWeights,
): void {
  for (let x = x0, p = p0 + x0 * channels; x < x1; x++, p += channels) {
    const delta = ((rowsUp[w.a0 + x]! * w.wa + rowsUp[w.b0 + x]! * w.wb + 256.5) | 0) - 256;
    if (delta === 0) continue;
    out[p] = clampByte(out[p]! + delta);
    out[p + 1] = clampByte(out[p + 1]! + delta);
    out[p + 2] = clampByte(out[p + 2]! + delta);
  }
}

/** The mark added to whole rows of pixels of any channel count, one pixel at a time. */
function addMarkRows(
  out: Uint8Array,
  channels: number,
  width: number,
  height: number,
  rowsUp: Float32Array,
  ys: AxisTaps,
  gain: number,
): void {
  for (let y = 0; y < height; y++)
    addMarkPixels(out, y * width * channels, channels, 0, width, rowsUp, rowWeights(ys, gain, width, y));
}

/** Reference for addMark, all in TypeScript. */
export function addMarkReference(
  out: Uint8Array,
  channels: number,
  width: number,
  height: number,
  mark: Float32Array,
  work: WorkGrid,
): void {
  const xs = axisTaps(width, work.factor, work.width);
  const ys = axisTaps(height, work.factor, work.height);
  const rowsUp = upsampleRows(mark, work, xs, width);
  const gain = gainFor(pairSums(rowsUp, work.height, width), ys, width, height);
  addMarkRows(out, channels, width, height, rowsUp, ys, gain);
}

/**
 * Adds the work-scale mark to the image, in place: `mark` is work.width × work.height amplitudes in grey levels.
 * RGBA pixels must be resident in the kernel (withResidentImage). Byte for byte what addMarkReference gives.
 */
export function addMark(
  out: Uint8Array,
  channels: number,
  width: number,
  height: number,
  mark: Float32Array,
  work: WorkGrid,
): void {
  const k = pixelKernel();
  const xs = axisTaps(width, work.factor, work.width);
  const ys = axisTaps(height, work.factor, work.height);
  const rowBytes = width * channels;
  const residentAt = channels === 4 ? residentOffset(k, out) : null;
  if (channels === 4 && residentAt === null)
    throw new BugError('addMark marks RGBA pixels resident in the pixel kernel (withResidentImage)');
  const [markAt, k0At, k1At, fracAt, rowsAt, sumsAt] = layOut(k, [
    mark.byteLength,
    width * 4,
    width * 4,
    width * 4,
    work.height * width * 4,
    work.height * 24,
  ]) as [number, number, number, number, number, number];
  const memory = k.memory.buffer;
  new Float32Array(memory, markAt, mark.length).set(mark);
  new Int32Array(memory, k0At, width).set(xs.index);
  new Int32Array(memory, k1At, width).set(xs.next);
  new Float32Array(memory, fracAt, width).set(xs.frac);
  k.upsampleRows(markAt, work.width, work.height, k0At, k1At, fracAt, width, rowsAt);
  k.pairSums(rowsAt, work.height, width, sumsAt);
  const rowsUp = new Float32Array(memory, rowsAt, work.height * width);
  const gain = gainFor(new Float64Array(memory, sumsAt, work.height * 3), ys, width, height);
  if (residentAt === null) {
    addMarkRows(out, channels, width, height, rowsUp, ys, gain);
    return;
  }
  const pixels = new Uint8Array(memory);
  const simdWidth = width & ~3;
  for (let y = 0; y < height; y++) {
    const w = rowWeights(ys, gain, width, y);
    const px = residentAt + y * rowBytes;
    if (simdWidth > 0) k.addMarkRow(px, rowsAt + w.a0 * 4, rowsAt + w.b0 * 4, simdWidth, w.wa, w.wb);
    if (simdWidth < width) addMarkPixels(pixels, px, 4, simdWidth, width, rowsUp, w);
  }
}
