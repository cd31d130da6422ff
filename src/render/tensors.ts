/**
 * uint8 ↔ float32 conversion stays in JS: measured faster than doing it in the graph.
 * Layout conventions: sharp's raw output is interleaved RGBA (HWC); the models take planar
 * NCHW float32, premultiplied, in [0, 1].
 */

export interface Planar {
  data: Float32Array;
  width: number;
  height: number;
  channels: number;
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
