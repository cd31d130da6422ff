import { describe, expect, it } from 'vitest';
import { alphaBox, backdropFor, sampleCrop, squareAround } from '../../src/ingest/pose/crop.ts';
import type { RgbaImage } from '../../src/ingest/poseEstimator.ts';

/** `w`×`h` RGBA from a function of the pixel. */
function image(w: number, h: number, px: (x: number, y: number) => [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(px(x, y), (y * w + x) * 4);
  return { data, width: w, height: h };
}

describe('pose crops', () => {
  it('finds the alpha box (exclusive ends), none for opaque images, null for empty ones', () => {
    const cut = image(10, 8, (x, y) => [9, 9, 9, x >= 2 && x < 7 && y >= 3 && y < 5 ? 200 : 0]);
    expect(alphaBox(cut)).toEqual({ x0: 2, y0: 3, x1: 7, y1: 5 });
    expect(alphaBox(image(4, 4, () => [1, 2, 3, 255]))).toBeUndefined();
    expect(alphaBox(image(4, 4, () => [1, 2, 3, 5]))).toBeNull();
    // Two blobs: the box spans both; rows between them hold nothing.
    const two = image(10, 8, (x, y) => [0, 0, 0, (x === 1 && y === 1) || (x === 8 && y === 6) ? 255 : 0]);
    expect(alphaBox(two)).toEqual({ x0: 1, y0: 1, x1: 9, y1: 7 });
    // A buffer not aligned to 4 bytes, one pixel translucent.
    const bytes = new Uint8Array(1 + 16 * 4).fill(255);
    bytes[1 + 5 * 4 + 3] = 254;
    expect(alphaBox({ data: bytes.subarray(1), width: 4, height: 4 })).toEqual({ x0: 0, y0: 0, x1: 4, y1: 4 });
    expect(alphaBox({ data: new Uint8Array(64).fill(255).subarray(0), width: 4, height: 4 })).toBeUndefined();
  });

  it('centres a square with a margin on the box', () => {
    const square = squareAround({ x0: 10, y0: 0, x1: 30, y1: 100 }, 0.1);
    expect(square.x).toBeCloseTo(-35, 9);
    expect(square.y).toBeCloseTo(-5, 9);
    expect(square.size).toBeCloseTo(110, 9);
  });

  it('box-filters the crop, lays translucent pixels on the backdrop, fills outside with it', () => {
    // Left half red, right half blue, bottom row half transparent.
    const src = image(4, 4, (x, y) => (x < 2 ? [200, 0, 0, y === 3 ? 128 : 255] : [0, 0, 100, 255]));
    const out = sampleCrop(src, { x: 0, y: 0, size: 4 }, 2, [0, 40, 0]);
    expect(Array.from(out.subarray(0, 3))).toEqual([200, 0, 0]);
    expect(Array.from(out.subarray(3, 6))).toEqual([0, 0, 100]);
    // Bottom-left: one opaque red row, one at alpha 128/255 over (0, 40, 0).
    const a = 128 / 255;
    expect(Array.from(out.subarray(6, 9))).toEqual([
      Math.round((200 + 200 * a) / 2),
      Math.round((40 * (1 - a)) / 2),
      0,
    ]);
    const opaque = image(4, 4, (x) => (x < 2 ? [200, 0, 0, 255] : [0, 0, 100, 255]));
    const padded = sampleCrop(opaque, { x: -4, y: 0, size: 8 }, 2, [7, 8, 9]);
    expect(Array.from(padded.subarray(0, 3))).toEqual([7, 8, 9]);
    expect(Array.from(padded.subarray(3, 6))).toEqual([100, 0, 50]);
  });

  it('picks a dark backdrop under a light figure and a light one under a dark figure', () => {
    const light = image(4, 4, () => [230, 220, 210, 255]);
    const dark = image(4, 4, () => [30, 30, 40, 255]);
    const box = { x0: 0, y0: 0, x1: 4, y1: 4 };
    expect(backdropFor(light, box)[0]).toBeLessThan(128);
    expect(backdropFor(dark, box)[0]).toBeGreaterThan(128);
  });
});
