import type { RgbaImage } from '../poseEstimator.ts';
import { lumaOf } from '../../imaging/luma.ts';

/** A square region of an image in its pixels; it may reach past the edges (that part is backdrop). */
export interface SquareCrop {
  x: number;
  y: number;
  size: number;
}

export type Rgb = readonly [number, number, number];

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Alpha at or below this counts as background when finding the figure's box. */
const ALPHA_FLOOR = 8;

/** Whether any pixel's alpha is below 255 (read four bytes at a time where the buffer allows). */
function hasTranslucency(image: RgbaImage): boolean {
  const { data } = image;
  if (data.byteOffset % 4 === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, data.length / 4);
    const opaque = new Uint8Array(new Uint32Array([0x01020304]).buffer)[0] === 4 ? 0xff000000 : 0x000000ff;
    for (let i = 0; i < words.length; i++) if (((words[i] as number) & opaque) >>> 0 !== opaque >>> 0) return true;
    return false;
  }
  for (let i = 3; i < data.length; i += 4) if ((data[i] as number) < 255) return true;
  return false;
}

/**
 * The box holding the pixels whose alpha is above the floor (x1, y1 exclusive); `undefined` when every pixel is
 * opaque (a photo: the whole image is the subject) and `null` when nothing is. Each row is read from both ends
 * until the figure starts, so the cost is the background's area, not the image's.
 */
export function alphaBox(image: RgbaImage): Box | undefined | null {
  if (!hasTranslucency(image)) return undefined;
  const { data, width, height } = image;
  const solid = (x: number, y: number): boolean => (data[(y * width + x) * 4 + 3] as number) > ALPHA_FLOOR;
  const rowHas = (y: number): boolean => {
    for (let x = 0; x < width; x++) if (solid(x, y)) return true;
    return false;
  };
  let y0 = 0;
  while (y0 < height && !rowHas(y0)) y0++;
  if (y0 === height) return null;
  let y1 = height - 1;
  while (!rowHas(y1)) y1--;
  let x0 = width;
  let x1 = -1;
  for (let y = y0; y <= y1; y++) {
    for (let x = 0; x < x0; x++)
      if (solid(x, y)) {
        x0 = x;
        break;
      }
    for (let x = width - 1; x > x1; x--)
      if (solid(x, y)) {
        x1 = x;
        break;
      }
  }
  return { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Backdrop greys: MoveNet finds a light figure best on dark grey (and the reverse), see docs/ingest.md. */
const DARK: Rgb = [60, 60, 60];
const LIGHT: Rgb = [196, 196, 196];

/**
 * A grey that contrasts with the figure: its mean luma (Rec. 601), alpha-weighted, over about 64k pixels of the
 * box, picks dark grey under a light figure and light grey under a dark one.
 */
export function backdropFor(image: RgbaImage, box: Box): Rgb {
  const { data, width } = image;
  const stride = Math.max(1, Math.floor(Math.sqrt(((box.x1 - box.x0) * (box.y1 - box.y0)) / 65536)));
  let luma = 0;
  let weight = 0;
  for (let y = box.y0; y < box.y1; y += stride)
    for (let x = box.x0; x < box.x1; x += stride) {
      const at = (y * width + x) * 4;
      const a = data[at + 3] as number;
      luma += a * lumaOf(data[at] as number, data[at + 1] as number, data[at + 2] as number);
      weight += a;
    }
  return weight > 0 && luma / weight < 128 ? LIGHT : DARK;
}

/** The square of side `max(w, h) · (1 + margin)` centred on the box. */
export function squareAround(box: Box, margin: number): SquareCrop {
  const size = Math.max(box.x1 - box.x0, box.y1 - box.y0) * (1 + margin);
  return { x: (box.x0 + box.x1) / 2 - size / 2, y: (box.y0 + box.y1) / 2 - size / 2, size };
}

/**
 * The crop resampled to `side`×`side` RGB, int32 0…255, NHWC, laid over `backdrop` where the image is translucent
 * or absent. Each output pixel averages up to 8×8 point samples across its footprint (a box filter), so a
 * 24-megapixel photo shrinks without aliasing and without a resized copy of it.
 */
export function sampleCrop(
  image: RgbaImage,
  crop: SquareCrop,
  side: number,
  backdrop: Rgb,
  out: Int32Array = new Int32Array(side * side * 3),
): Int32Array {
  const { data, width, height } = image;
  const step = crop.size / side;
  const n = Math.min(8, Math.max(1, Math.ceil(step)));
  const offsets = Array.from({ length: n }, (_, k) => ((k + 0.5) / n) * step);
  const [br, bg, bb] = backdrop;
  const inv = 1 / (n * n);
  const columns = new Int32Array(side * n);
  for (let j = 0; j < side; j++)
    for (let a = 0; a < n; a++) columns[j * n + a] = Math.floor(crop.x + j * step + (offsets[a] as number));
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let s = 0; s < n; s++) {
        const y = Math.floor(crop.y + i * step + (offsets[s] as number));
        const inside = y >= 0 && y < height;
        for (let a = 0; a < n; a++) {
          const x = columns[j * n + a] as number;
          if (!inside || x < 0 || x >= width) {
            r += br;
            g += bg;
            b += bb;
            continue;
          }
          const at = (y * width + x) * 4;
          const alpha = (data[at + 3] as number) / 255;
          r += (data[at] as number) * alpha + br * (1 - alpha);
          g += (data[at + 1] as number) * alpha + bg * (1 - alpha);
          b += (data[at + 2] as number) * alpha + bb * (1 - alpha);
        }
      }
      const o = (i * side + j) * 3;
      out[o] = Math.round(r * inv);
      out[o + 1] = Math.round(g * inv);
      out[o + 2] = Math.round(b * inv);
    }
  }
  return out;
}
