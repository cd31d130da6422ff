import { StudioError } from '../../errors/index.ts';

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
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || (channels !== 3 && channels !== 4)) {
    throw new StudioError('WATERMARK_BAD_IMAGE', `Expected a raw image with positive integer size and 3 or 4 channels but got ${width}x${height}x${channels}`, {
      width,
      height,
      channels,
    });
  }
  if (data.length !== width * height * channels) {
    throw new StudioError('WATERMARK_BAD_IMAGE', `Expected ${width * height * channels} bytes for ${width}x${height}x${channels} but got ${data.length}`, {
      width,
      height,
      channels,
      bytes: data.length,
    });
  }
}

/** Rec. 601 luma; the mark is added to R, G and B equally, so it passes through with gain 1. */
export function luminance(image: RgbaImage): Plane {
  const { width, height, channels, data } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += channels) {
    out[i] = 0.299 * (data[p] ?? 0) + 0.587 * (data[p + 1] ?? 0) + 0.114 * (data[p + 2] ?? 0);
  }
  return { data: out, width, height };
}

/**
 * One axis of an area resample: output i averages the source over [i*r, (i+1)*r) with fractional
 * edge weights (r = src/dst >= 1). Enlarging falls back to linear interpolation.
 */
function resampleAxis(src: Float32Array, srcLen: number, lines: number, dstLen: number, stride: number, lineStride: number, outStride: number, outLineStride: number, out: Float32Array): void {
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
      for (let j = 0; j < taps.length; j++) sum += (weights[j] ?? 0) * (src[line * lineStride + (taps[j] ?? 0) * stride] ?? 0);
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
      const s = (sat[y1 * (w + 1) + x1] ?? 0) - (sat[y0 * (w + 1) + x1] ?? 0) - (sat[y1 * (w + 1) + x0] ?? 0) + (sat[y0 * (w + 1) + x0] ?? 0);
      out[y * w + x] = s / ((x1 - x0) * (y1 - y0));
    }
  }
  return { data: out, width: w, height: h };
}

/** The image's size at the work scale (short side 256). */
export function workSize(width: number, height: number, shortSide: number): { width: number; height: number; factor: number } {
  const factor = shortSide / Math.min(width, height);
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)), factor };
}

/** First source index of each of `cells` bins over `length` (bin i covers [start[i], start[i + 1])). */
function binStarts(length: number, cells: number): Int32Array {
  const start = new Int32Array(cells + 1);
  for (let i = 0; i <= cells; i++) start[i] = Math.ceil((i * length) / cells);
  return start;
}

/** Whether a Uint32Array word holds a pixel's R in its low byte (true on every platform we ship). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The image's pixels as 32-bit words when it is RGBA, little-endian and 4-byte aligned; otherwise null. */
function rgbaWords(image: RgbaImage): Uint32Array | null {
  const { data, channels, width, height } = image;
  return channels === 4 && LITTLE_ENDIAN && data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, width * height) : null;
}

/**
 * Pixels one packed accumulator may take: R (bits 0–15) and B (bits 16–31) share a word, so a lane holds at most
 * 128 · 255 and the word stays a positive int32.
 */
const PACKED_PIXELS = 128;

/**
 * Per-cell sums of R, G and B over the rows y0..y1 of one row of cells, from RGBA words: R and B are summed as one
 * packed word (two lanes), G on its own, flushed to `sums` (3 per cell) every PACKED_PIXELS pixels of a cell.
 */
function sumCellRowRgba(px: Uint32Array, width: number, xs: Int32Array, y0: number, y1: number, sums: Float64Array): void {
  const cells = xs.length - 1;
  let widest = 1;
  for (let cx = 0; cx < cells; cx++) widest = Math.max(widest, xs[cx + 1]! - xs[cx]!);
  const rowsPerFlush = Math.max(1, Math.floor(PACKED_PIXELS / widest));
  for (let ya = y0; ya < y1; ya += rowsPerFlush) {
    const yb = Math.min(y1, ya + rowsPerFlush);
    for (let cx = 0; cx < cells; cx++) {
      const x0 = xs[cx]!;
      const x1 = xs[cx + 1]!;
      let rb = 0;
      let g = 0;
      for (let y = ya; y < yb; y++) {
        for (let i = y * width + x0, end = y * width + x1; i < end; i++) {
          const v = px[i]!;
          rb += v & 0xff00ff;
          g += (v >>> 8) & 0xff;
        }
      }
      sums[3 * cx] = sums[3 * cx]! + (rb & 0xffff);
      sums[3 * cx + 1] = sums[3 * cx + 1]! + g;
      sums[3 * cx + 2] = sums[3 * cx + 2]! + (rb >>> 16);
    }
  }
}

/** The same from bytes: RGB images, or RGBA not aligned to 4 bytes. */
function sumCellRowBytes(data: RgbaImage['data'], channels: number, width: number, xs: Int32Array, y0: number, y1: number, sums: Float64Array): void {
  for (let y = y0; y < y1; y++) {
    let p = y * width * channels;
    for (let cx = 0; cx < xs.length - 1; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let x = xs[cx]!, x1 = xs[cx + 1]!; x < x1; x++, p += channels) {
        r += data[p]!;
        g += data[p + 1]!;
        b += data[p + 2]!;
      }
      sums[3 * cx] = sums[3 * cx]! + r;
      sums[3 * cx + 1] = sums[3 * cx + 1]! + g;
      sums[3 * cx + 2] = sums[3 * cx + 2]! + b;
    }
  }
}

/**
 * Luminance averaged into a dstW x dstH grid in one pass: each source pixel goes whole to the
 * cell under it. Coarser than resampleArea but several times faster; the embedder only needs it for the mask.
 * R, G and B are summed exactly as integers per cell and weighted once (Rec. 601, in luma × 1000).
 */
export function luminanceBinned(image: RgbaImage, dstW: number, dstH: number): Plane {
  const { width, height, channels, data } = image;
  const xs = binStarts(width, dstW);
  const ys = binStarts(height, dstH);
  const words = rgbaWords(image);
  const out = new Float32Array(dstW * dstH);
  const sums = new Float64Array(dstW * 3);
  for (let cy = 0; cy < dstH; cy++) {
    sums.fill(0);
    const y0 = ys[cy]!;
    const y1 = ys[cy + 1]!;
    if (words) sumCellRowRgba(words, width, xs, y0, y1, sums);
    else sumCellRowBytes(data, channels, width, xs, y0, y1, sums);
    const rows = y1 - y0;
    for (let cx = 0; cx < dstW; cx++) {
      const luma = 299 * sums[3 * cx]! + 587 * sums[3 * cx + 1]! + 114 * sums[3 * cx + 2]!;
      out[cy * dstW + cx] = luma / (1000 * Math.max(1, rows * (xs[cx + 1]! - xs[cx]!)));
    }
  }
  return { data: out, width: dstW, height: dstH };
}

/** out[x] = min of src over the row window [x − r, x + r], clamped to the row. */
function minAlongRows(src: Float32Array, out: Float32Array, w: number, h: number, r: number): void {
  for (let y = 0; y < h; y++) {
    const base = y * w;
    for (let x = 0; x < w; x++) {
      const hi = base + (x + r < w ? x + r : w - 1);
      let k = base + (x - r > 0 ? x - r : 0);
      let m = src[k]!;
      for (k++; k <= hi; k++) m = Math.min(m, src[k]!);
      out[base + x] = m;
    }
  }
}

/** out = min of src over the column window [y − r, y + r], clamped, a whole row at a time. */
function minAlongColumns(src: Float32Array, out: Float32Array, w: number, h: number, r: number): void {
  for (let y = 0; y < h; y++) {
    const o = y * w;
    const lo = Math.max(0, y - r);
    const hi = Math.min(h - 1, y + r);
    out.set(src.subarray(lo * w, lo * w + w), o);
    for (let k = lo + 1; k <= hi; k++) {
      const s = k * w;
      for (let x = 0; x < w; x++) out[o + x] = Math.min(out[o + x]!, src[s + x]!);
    }
  }
}

/** Minimum over a (2r+1)^2 window, edges clamped; separable. */
export function minFilter(src: Plane, r: number): Plane {
  const { width: w, height: h, data } = src;
  const mid = new Float32Array(w * h);
  minAlongRows(data, mid, w, h, r);
  const out = new Float32Array(w * h);
  minAlongColumns(mid, out, w, h, r);
  return { data: out, width: w, height: h };
}

