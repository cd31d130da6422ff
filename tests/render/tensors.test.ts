import { describe, expect, it } from 'vitest';
import {
  type Pixels,
  pixelsToPlanar,
  planarToPixels,
  premultipliedToRgba,
  rgbOf,
  rgbToPlanar,
  rgbaToPremultiplied,
} from '../../src/render/tensors.ts';

describe('uint8 ↔ float tensors', () => {
  it('premultiplies into planar NCHW and round-trips every opaque and half-transparent value', () => {
    const rgba = Uint8Array.of(255, 0, 128, 255, 200, 100, 50, 128, 9, 9, 9, 0);
    const p = rgbaToPremultiplied(rgba, 3, 1);
    expect(p.channels).toBe(4);
    // planar: R of the 3 pixels, then G, B, A
    expect(p.data[0]).toBeCloseTo(1, 7);
    expect(p.data[1]).toBeCloseTo((200 / 255) * (128 / 255), 7);
    expect(p.data[2]).toBe(0);
    expect(p.data[9 + 1]).toBeCloseTo(128 / 255, 7);
    const back = premultipliedToRgba(p);
    expect(Array.from(back)).toEqual([255, 0, 128, 255, 200, 100, 50, 128, 0, 0, 0, 0]);
  });

  it('reads RGB or RGBA scenes as planar RGB and writes an opaque image back', () => {
    const p = rgbToPlanar(Uint8Array.of(10, 20, 30, 99, 40, 50, 60, 99), 2, 1, 4);
    expect(Array.from(p.data, (v) => Math.round(v * 255))).toEqual([10, 40, 20, 50, 30, 60]);
    expect(Array.from(premultipliedToRgba(p))).toEqual([10, 20, 30, 255, 40, 50, 60, 255]);
  });

  it('turns interleaved bytes into planes (÷255, nothing premultiplied) and back exactly; drops alpha for the next pass', () => {
    const px: Pixels = { data: Uint8Array.of(0, 1, 127, 128, 254, 255, 3, 9), width: 2, height: 1, channels: 4 };
    const p = pixelsToPlanar(px);
    expect([p.channels, p.width, p.height]).toEqual([4, 2, 1]);
    expect(Array.from(p.data)).toEqual([0, 254, 1, 255, 127, 3, 128, 9].map((v) => Math.fround(v / 255)));
    expect(Array.from(planarToPixels(p).data)).toEqual(Array.from(px.data));
    expect(rgbOf(px)).toEqual({ data: Uint8Array.of(0, 1, 127, 254, 255, 3), width: 2, height: 1, channels: 3 });
  });
});
