import { BugError, StudioError } from '../../errors/index.ts';
import { layOut, pixelKernel, residentOffset } from '../kernel/kernel.ts';
import { lumaOf } from '../../imaging/luma.ts';

export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray | Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** A single-channel float image. */
export interface Plane {
  data: Float32Array;
  width: number;
  height: number;
}

export function assertImage(image: RgbaImage): void {
  const { width, height, channels, data } = image;
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    (channels !== 3 && channels !== 4)
  ) {
    throw new StudioError(
      'WATERMARK_BAD_IMAGE',
      `Expected a raw image with positive integer size and 3 or 4 channels but got ${width}x${height}x${channels}`,
      {
        width,
        height,
        channels,
      },
    );
  }
  if (data.length !== width * height * channels) {
    throw new StudioError(
      'WATERMARK_BAD_IMAGE',
      `Expected ${width * height * channels} bytes for ${width}x${height}x${channels} but got ${data.length}`,
      {
        width,
        height,
        channels,
        bytes: data.length,
      },
    );
  }
}

/** Rec. 601 luma; the mark is added to R, G and B equally, so it passes through with gain 1. */
export function luminance(image: RgbaImage): Plane {
  const { width, height, channels, data } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += channels) {
    out[i] = lumaOf(data[p] ?? 0, data[p + 1] ?? 0, data[p + 2] ?? 0);
  }
  return { data: out, width, height };
}

/**
 * One axis of an area resample: output i averages the source over [i*r, (i+1)*r) with fractional
 * edge weights (r = src/dst >= 1). Enlarging falls back to linear interpolation.
 */
function resampleAxis(
  src: Float32Array,
  srcLen: number,
  lines: number,
  dstLen: number,
  stride: number,
  lineStride: number,
  outStride: number,
  outLineStride: number,
  out: Float32Array,
): void {
  const r = srcLen / dstLen;
  for (let i = 0; i < dstLen; i++) {
    const weights: number[] = [];
    const taps: number[] = [];
    if (r >= 1) {
      const a = i * r;
      const b = a + r;
      for (let k = Math.floor(a); k < Math.min(Math.ceil(b), srcLen); k++) {
        const w = Math.min(b, k + 1) - Math.max(a, k);
        if (w > 0) {
          taps.push(k);
          weights.push(w / r);
        }
      }
    } else {
      const u = Math.min(Math.max((i + 0.5) * r - 0.5, 0), srcLen - 1);
      const k = Math.min(Math.floor(u), srcLen - 2 < 0 ? 0 : srcLen - 2);
      const t = u - k;
      taps.push(k, Math.min(k + 1, srcLen - 1));
      weights.push(1 - t, t);
    }
    for (let line = 0; line < lines; line++) {
      let sum = 0;
      for (let j = 0; j < taps.length; j++)
        sum += (weights[j] ?? 0) * (src[line * lineStride + (taps[j] ?? 0) * stride] ?? 0);
      out[line * outLineStride + i * outStride] = sum;
    }
  }
}

/** Separable area resample of a plane to dstW x dstH. */
export function resampleArea(src: Plane, dstW: number, dstH: number): Plane {
  const mid = new Float32Array(dstW * src.height);
  resampleAxis(src.data, src.width, src.height, dstW, 1, src.width, 1, dstW, mid);
  const out = new Float32Array(dstW * dstH);
  resampleAxis(mid, src.height, dstW, dstH, dstW, 1, dstW, 1, out);
  return { data: out, width: dstW, height: dstH };
}

/** Box mean over a (2r+1)^2 window, edges clamped, via a summed-area table. */
export function boxMean(src: Plane, r: number): Plane {
  const { width: w, height: h, data } = src;
  const sat = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += data[y * w + x] ?? 0;
      sat[(y + 1) * (w + 1) + x + 1] = (sat[y * (w + 1) + x + 1] ?? 0) + row;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      const s =
        (sat[y1 * (w + 1) + x1] ?? 0) -
        (sat[y0 * (w + 1) + x1] ?? 0) -
        (sat[y1 * (w + 1) + x0] ?? 0) +
        (sat[y0 * (w + 1) + x0] ?? 0);
      out[y * w + x] = s / ((x1 - x0) * (y1 - y0));
    }
  }
  return { data: out, width: w, height: h };
}

/** The image's size at the work scale (short side 256). */
export function workSize(
  width: number,
  height: number,
  shortSide: number,
): { width: number; height: number; factor: number } {
  const factor = shortSide / Math.min(width, height);
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)), factor };
}

/** First source index of each of `cells` bins over `length` (bin i covers [start[i], start[i + 1])). */
function binStarts(length: number, cells: number): Int32Array {
  const start = new Int32Array(cells + 1);
  for (let i = 0; i <= cells; i++) start[i] = Math.ceil((i * length) / cells);
  return start;
}

/**
 * The kernel's cell sums of luma × 1000 for RGBA pixels resident in the kernel (withResidentImage); calls
 * `cellRow(cy, sums)` with each row of cells' sums (float64 each).
 */
function lumaCellsRgba(
  image: RgbaImage,
  xs: Int32Array,
  ys: Int32Array,
  cellRow: (cy: number, sums: Float64Array) => void,
): void {
  const { width, data } = image;
  const cells = xs.length - 1;
  const rowBytes = width * 4;
  const k = pixelKernel();
  const residentAt = residentOffset(k, data);
  if (residentAt === null)
    throw new BugError('luminanceBinned reads RGBA pixels resident in the pixel kernel (withResidentImage)');
  const [xsAt, accAt, sumsAt] = layOut(k, [xs.byteLength, width * 4, cells * 8]) as [number, number, number];
  new Int32Array(k.memory.buffer, xsAt, xs.length).set(xs);
  const sums = new Float64Array(k.memory.buffer, sumsAt, cells);
  for (let cy = 0; cy + 1 < ys.length; cy++) {
    k.lumaCells(residentAt + ys[cy]! * rowBytes, width, ys[cy + 1]! - ys[cy]!, rowBytes, xsAt, cells, accAt, sumsAt);
    cellRow(cy, sums);
  }
}

/**
 * Luminance averaged into a dstW x dstH grid in one pass: each source pixel goes whole to the cell under it.
 * Coarser than resampleArea but several times faster; the embedder only needs it for the mask. The sums are
 * exact integers (Rec. 601 in luma × 1000): RGBA images resident in the kernel through it, RGB ones here.
 */
export function luminanceBinned(image: RgbaImage, dstW: number, dstH: number): Plane {
  const { width, channels, data } = image;
  const xs = binStarts(width, dstW);
  const ys = binStarts(image.height, dstH);
  const out = new Float32Array(dstW * dstH);
  /** Row of cells cy's mean lumas, from their sums of luma × 1000. */
  const average = (cy: number, cellSums: ArrayLike<number>): void => {
    const rows = ys[cy + 1]! - ys[cy]!;
    for (let cx = 0; cx < dstW; cx++)
      out[cy * dstW + cx] = cellSums[cx]! / (1000 * Math.max(1, rows * (xs[cx + 1]! - xs[cx]!)));
  };
  if (channels === 4) {
    lumaCellsRgba(image, xs, ys, average);
    return { data: out, width: dstW, height: dstH };
  }
  const rowSums = new Float64Array(dstW);
  for (let cy = 0; cy < dstH; cy++) {
    rowSums.fill(0);
    for (let y = ys[cy]!; y < ys[cy + 1]!; y++) {
      let p = y * width * channels;
      for (let cx = 0; cx < dstW; cx++) {
        let sum = 0;
        for (let x = xs[cx]!, x1 = xs[cx + 1]!; x < x1; x++, p += channels)
          sum += 299 * data[p]! + 587 * data[p + 1]! + 114 * data[p + 2]!;
        rowSums[cx]! += sum;
      }
    }
    average(cy, rowSums);
  }
  return { data: out, width: dstW, height: dstH };
}

/** Minimum along one axis over a window of 2r+1, edges clamped: `lines` lines of `length` samples. */
function minAxis(
  src: Float32Array,
  out: Float32Array,
  length: number,
  lines: number,
  step: number,
  lineStep: number,
  r: number,
): void {
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    for (let i = 0; i < length; i++) {
      const lo = i - r < 0 ? 0 : i - r;
      const hi = i + r >= length ? length - 1 : i + r;
      let m = src[base + lo * step]!;
      for (let k = lo + 1; k <= hi; k++) {
        const v = src[base + k * step]!;
        if (v < m) m = v;
      }
      out[base + i * step] = m;
    }
  }
}

/** Minimum over a (2r+1)^2 window, edges clamped; separable. */
export function minFilter(src: Plane, r: number): Plane {
  const { width: w, height: h, data } = src;
  const mid = new Float32Array(w * h);
  minAxis(data, mid, w, h, 1, w, r);
  const out = new Float32Array(w * h);
  minAxis(mid, out, h, w, w, 1, r);
  return { data: out, width: w, height: h };
}
