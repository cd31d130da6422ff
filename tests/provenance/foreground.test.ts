import { describe, expect, it } from 'vitest';
import { buildXmp, decodeMask, encodeMask, maskCoverage, parseXmp, reframeMask } from '../../src/provenance/index.ts';
import { usageFacts } from '../helpers/provenanceFixtures.ts';

/** A 20×30 grid with a figure in columns 8–11, rows 5–29. */
function figure() {
  const cells = new Uint8Array(20 * 30);
  for (let y = 5; y < 30; y++) for (let x = 8; x < 12; x++) cells[y * 20 + x] = 1;
  return { cols: 20, rows: 30, cells };
}

describe('the foreground mask', () => {
  it('measures how much of a box lies over the figure', () => {
    const mask = figure();
    expect(maskCoverage(mask, { left: 0, top: 0, width: 0.3, height: 0.1 })).toBe(0);
    expect(maskCoverage(mask, { left: 0.4, top: 0.5, width: 0.2, height: 0.2 })).toBe(1);
    expect(maskCoverage(mask, { left: 0.3, top: 0.5, width: 0.2, height: 0.1 })).toBeCloseTo(0.5, 5);
  });

  it('travels in the XMP and comes back cell for cell, with the badge corner and the proof mark', () => {
    const mask = figure();
    const xmp = buildXmp({
      usage: usageFacts(),
      disclosure: 'AI-generated',
      appVersion: '0.1.0',
      createdAt: new Date('2026-11-23T09:30:00Z'),
      label: { corner: 'top-left', proofMark: false, foreground: encodeMask(mask) },
    });
    const fields = parseXmp(xmp);
    expect(fields).toMatchObject({ labelCorner: 'top-left', proofMark: false });
    expect(decodeMask(fields.foreground)).toEqual(mask);
    // Anything that is not a mask reads as none, never as a wrong one.
    for (const bad of [undefined, '', '20x30', '20x30:AAAA', '0x0:', 'x:AA', '300x300:' + 'A'.repeat(15000)])
      expect(decodeMask(bad)).toBeUndefined();
  });

  it('follows an export fit: a centred cover crop and a contain fit with bars', () => {
    const mask = figure();
    // Cover: the middle half of the width, full height: the figure (40–60 % of the width) lands in 30–70 %.
    const crop = reframeMask(mask, { left: 0.25, top: 0, width: 0.5, height: 1 });
    expect(maskCoverage(crop, { left: 0.32, top: 0.5, width: 0.36, height: 0.2 })).toBeGreaterThan(0.5);
    expect(maskCoverage(crop, { left: 0, top: 0, width: 0.25, height: 1 })).toBe(0);
    // Contain in a frame twice as wide: bars left and right hold no foreground.
    const bars = reframeMask(mask, { left: -0.5, top: 0, width: 2, height: 1 });
    expect(maskCoverage(bars, { left: 0, top: 0, width: 0.25, height: 1 })).toBe(0);
    expect(maskCoverage(bars, { left: 0.45, top: 0.5, width: 0.1, height: 0.2 })).toBe(1);
  });
});
