import { describe, expect, it } from 'vitest';
import { maskWithin, paintStrokes } from '../../src/contract/maskBrush.ts';

describe('mask brush', () => {
  it('adds with a hard core and a soft edge, removes, and paints along the path between points', () => {
    const w = 64;
    const alpha = new Uint8Array(w * w);
    paintStrokes(alpha, w, w, [
      {
        mode: 'add',
        radius: 10,
        softness: 0.5,
        points: [
          { x: 20, y: 32 },
          { x: 44, y: 32 },
        ],
      },
    ]);
    expect(alpha[32 * w + 32]).toBe(255); // between the two points
    expect(alpha[32 * w + 20]).toBe(255);
    const edge = alpha[(32 + 8) * w + 32] as number; // inside the soft band (5…10 px from the path)
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(255);
    expect(alpha[(32 + 12) * w + 32]).toBe(0);
    paintStrokes(alpha, w, w, [{ mode: 'remove', radius: 4, softness: 0, points: [{ x: 32, y: 32 }] }]);
    expect(alpha[32 * w + 32]).toBe(0);
    expect(alpha[32 * w + 40]).toBe(255);
  });

  it('maps strokes in cut-out pixels onto a smaller preview by its scale', () => {
    const alpha = new Uint8Array(50 * 50);
    paintStrokes(alpha, 50, 50, [{ mode: 'add', radius: 6, softness: 0, points: [{ x: 60, y: 60 }] }], 0.5);
    expect(alpha[30 * 50 + 30]).toBe(255);
    expect(alpha[30 * 50 + 35]).toBe(0);
  });

  it('paints a mask from empty and keeps it to the cut-out: nothing outside it, its soft edge carried', () => {
    const w = 32;
    const rgba = new Uint8Array(w * w * 4);
    // The cut-out covers the left half opaquely, one column at half alpha.
    for (let y = 0; y < w; y++)
      for (let x = 0; x < w; x++) rgba[(y * w + x) * 4 + 3] = x < 15 ? 255 : x === 15 ? 128 : 0;
    const mask = maskWithin(rgba, w, w, [{ mode: 'add', radius: 8, softness: 0, points: [{ x: 16, y: 16 }] }]);
    expect(mask[16 * w + 12]).toBe(255);
    expect(mask[16 * w + 15]).toBe(128);
    expect(mask[16 * w + 18]).toBe(0);
    // Beyond the brush nothing is painted, even on the cut-out.
    expect(mask[2 * w + 2]).toBe(0);
    // At half scale the same stroke lands at (8, 8) with radius 4.
    const half = maskWithin(rgba, w, w, [{ mode: 'add', radius: 8, softness: 0, points: [{ x: 16, y: 16 }] }], 0.5);
    expect([half[8 * w + 8], half[8 * w + 13]]).toEqual([255, 0]);
  });
});
