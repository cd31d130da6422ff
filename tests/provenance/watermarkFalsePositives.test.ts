import { describe, expect, it } from 'vitest';
import { detectWatermark } from '../../src/provenance/watermark/index.ts';
import { jpegRoundTrip, unmarkedImage, type UnmarkedKind } from '../helpers/images.ts';

// Zero false positives over many unmarked images of every kind, small so that the count stays high.
const KINDS: UnmarkedKind[] = ['flat', 'noise', 'gradient', 'checker', 'texture', 'photo'];
const COUNT = 108;

describe('watermark false positives', () => {
  it(`reports "no watermark" on ${COUNT} unmarked images (flat, noise, gradient, checkerboard, texture, photo-like)`, async () => {
    const found: string[] = [];
    let bestScore = 0;
    for (let i = 0; i < COUNT; i++) {
      const kind = KINDS[i % KINDS.length] ?? 'noise';
      const width = 256 + ((i * 37) % 257);
      const height = 256 + ((i * 53) % 257);
      const image = await unmarkedImage(kind, width, height, 7000 + i);
      const result = detectWatermark(i % 3 === 0 ? await jpegRoundTrip(image, 75) : image);
      if (result.found) found.push(`${kind} ${width}x${height} seed ${7000 + i}`);
      else bestScore = Math.max(bestScore, result.bestScore);
    }
    expect(found).toEqual([]);
    expect(bestScore).toBeGreaterThan(0); // the detector did look
  }, 55_000);
});
