import { describe, expect, it } from 'vitest';
import { markSurvivesFit } from '../../src/export/carriedMark.ts';
import type { ExportPreset } from '../../src/export/index.ts';

/** A 400×600 image whose edges are a mid grey (luma 128) or white, as asked. */
function image(edge: number, inner = 90): { data: Buffer; width: number; height: number } {
  const width = 400;
  const height = 600;
  const data = Buffer.alloc(width * height * 4, 255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = x === 0 || y === 0 || x === width - 1 || y === height - 1 ? edge : inner;
      data.fill(v, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
  return { data, width, height };
}

const preset = (over: Partial<ExportPreset>): ExportPreset => ({
  name: 'p',
  description: '',
  width: 600,
  height: 900,
  fit: 'cover',
  background: '#ffffff',
  format: 'jpeg',
  quality: 90,
  colourProfile: 'srgb',
  naming: '{shot}_{n}',
  ...over,
});

describe('whether an export carries the render mark instead of embedding it again', () => {
  it('carries it through a same-aspect enlargement and a cover fit that crops at most 10 % of an axis', () => {
    expect(markSurvivesFit(image(128), preset({}))).toBe(true);
    // 2:3 into 0.72:1 crops 7.4 % of the height.
    expect(markSurvivesFit(image(128), preset({ width: 720, height: 1000 }))).toBe(true);
  });

  it('embeds again where a cover fit crops more than 10 % (2:3 into 4:5 crops 16.7 %)', () => {
    expect(markSurvivesFit(image(128), preset({ width: 1080, height: 1350 }))).toBe(false);
  });

  it('embeds again below half size and below the quality the detector was measured at', () => {
    expect(markSurvivesFit(image(128), preset({ width: 180, height: 270 }))).toBe(false);
    expect(markSurvivesFit(image(128), preset({ width: 200, height: 300 }))).toBe(true);
    expect(markSurvivesFit(image(128), preset({ quality: 70 }))).toBe(false);
    expect(markSurvivesFit(image(128), preset({ quality: 70, format: 'png' }))).toBe(true);
  });

  it('carries it into a letterbox only when the image edges stand off the background, so the detector can trim the bars', () => {
    const square = preset({ width: 1600, height: 1600, fit: 'contain' });
    expect(markSurvivesFit(image(128), square)).toBe(true);
    expect(markSurvivesFit(image(250), square)).toBe(false);
    expect(markSurvivesFit(image(250), { ...square, background: '#202020' })).toBe(true);
  });
});
