import { BugError } from '../errors/index.ts';

/**
 * Layout conventions: sharp's raw output is interleaved RGB(A) uint8 (HWC); the graphs work on planar
 * NCHW float32, premultiplied, in [0, 1]. The combined render model takes the full-size images (scene, twin)
 * and gives its result as interleaved uint8 and converts at its ends (graphs/parts.ts fromBytes/toBytes):
 * measured faster than converting in JS, and a quarter of the memory. The small single-stage graphs and the
 * garments stay planar float.
 */

export interface Planar {
  data: Float32Array;
  width: number;
  height: number;
  channels: number;
}

/** Interleaved uint8 pixels (HWC), as sharp reads and writes them: RGB, or premultiplied RGBA for a layer, or a mask. */
export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/** Interleaved uint8 (any channel count) → planar float [1,C,H,W] in [0, 1], values as they are (no premultiplying). */
export function pixelsToPlanar(p: Pixels): Planar {
  const { data: src, width, height, channels } = p;
  const n = width * height;
  const data = new Float32Array(channels * n);
  for (let c = 0; c < channels; c++) {
    const plane = data.subarray(c * n, (c + 1) * n);
    for (let i = 0, q = c; i < n; i++, q += channels) plane[i] = (src[q] as number) / 255;
  }
  return { data, width, height, channels };
}

/** Planar float [1,C,H,W] in [0, 1] → interleaved uint8 (C = 3 or 4), rounded, clamped; premultiplied stays premultiplied. */
export function planarToPixels(p: Planar): Pixels {
  const { width, height, channels } = p;
  if (channels !== 3 && channels !== 4) throw new BugError(`Expected 3 or 4 planes, got ${channels}`);
  const n = width * height;
  const data = new Uint8ClampedArray(channels * n);
  for (let c = 0; c < channels; c++) {
    const plane = p.data.subarray(c * n, (c + 1) * n);
    for (let i = 0, q = c; i < n; i++, q += channels) data[q] = (plane[i] as number) * 255;
  }
  return { data: new Uint8Array(data.buffer), width, height, channels };
}

/** The RGB of interleaved RGBA (alpha dropped): how one render pass's result becomes the next pass's scene. */
export function rgbOf(p: Pixels): Pixels {
  if (p.channels === 3) return p;
  const n = p.width * p.height;
  const data = new Uint8Array(3 * n);
  for (let i = 0, s = 0, d = 0; i < n; i++, s += 4, d += 3) {
    data[d] = p.data[s] as number;
    data[d + 1] = p.data[s + 1] as number;
    data[d + 2] = p.data[s + 2] as number;
  }
  return { data, width: p.width, height: p.height, channels: 3 };
}

/** Interleaved straight RGBA uint8 → premultiplied planar [1,4,H,W] float32. */
export function rgbaToPremultiplied(rgba: Uint8Array, width: number, height: number): Planar {
  const n = width * height;
  const data = new Float32Array(4 * n);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const a = (rgba[p + 3] as number) / 255;
    const k = a / 255;
    data[i] = (rgba[p] as number) * k;
    data[n + i] = (rgba[p + 1] as number) * k;
    data[2 * n + i] = (rgba[p + 2] as number) * k;
    data[3 * n + i] = a;
  }
  return { data, width, height, channels: 4 };
}

/** Interleaved RGB (3 channels) or RGBA (4, alpha ignored) uint8 → planar [1,3,H,W] float32. */
export function rgbToPlanar(pixels: Uint8Array, width: number, height: number, stride: 3 | 4): Planar {
  const n = width * height;
  const data = new Float32Array(3 * n);
  for (let i = 0, p = 0; i < n; i++, p += stride) {
    data[i] = (pixels[p] as number) / 255;
    data[n + i] = (pixels[p + 1] as number) / 255;
    data[2 * n + i] = (pixels[p + 2] as number) / 255;
  }
  return { data, width, height, channels: 3 };
}

const clampByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/** Premultiplied planar [1,4,H,W] (or opaque [1,3,H,W]) float32 → interleaved straight RGBA uint8. */
export function premultipliedToRgba(planar: Planar): Uint8Array {
  const { data, width, height, channels } = planar;
  const n = width * height;
  const out = new Uint8Array(4 * n);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const a = channels === 4 ? (data[3 * n + i] as number) : 1;
    const k = a > 1e-6 ? 255 / Math.min(a, 1) : 0;
    out[p] = clampByte((data[i] as number) * k);
    out[p + 1] = clampByte((data[n + i] as number) * k);
    out[p + 2] = clampByte((data[2 * n + i] as number) * k);
    out[p + 3] = clampByte(a * 255);
  }
  return out;
}
