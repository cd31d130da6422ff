import { describe, expect, it } from 'vitest';
import { chromaAlpha, mixAlpha } from '../../src/ingest/cutout/matte.ts';

/** One pixel's reading against a local subject and backdrop colour (each an RGB triple at index 0). */
const read = (pixel: number[], subject: number[], backdrop: number[], noise = 1.2) => ({
  luma: mixAlpha(pixel, 0, subject, backdrop, 0, noise),
  chroma: chromaAlpha(pixel, 0, subject, backdrop, noise),
});

describe('the matte reads an edge pixel from its chroma where luma cannot tell', () => {
  // A warm white garment whose body near the edge averages 190 and whose edge is shaded down to the cool grey
  // paper's own brightness (the tee on light grey paper: its shaded side against the paper's shadow).
  const body = [190, 189, 185];
  const paper = [170, 169, 174];

  it('a shaded garment pixel at the paper’s brightness: luma calls it mostly paper, chroma calls it garment', () => {
    const r = read([176, 175, 171], body, paper);
    expect(r.luma).toBeLessThan(0.5);
    expect(r.chroma).toBe(1);
  });

  it('a paper pixel next to it stays paper by chroma too', () => {
    expect(read([170, 170, 173], body, paper).chroma).toBe(0);
  });

  it('a half mix reads as a half mix', () => {
    const r = read([173, 172, 172.5], body, paper);
    expect(r.chroma).toBeGreaterThan(0.3);
    expect(r.chroma).toBeLessThan(0.7);
  });

  it('chroma smeared onto the paper beside a dark coloured garment is not read (its luma is the paper’s)', () => {
    // Navy on white paper: JPEG's half-resolution chroma gives a paper pixel a navy tint at the paper's brightness.
    const navy = [40, 52, 90];
    const white = [240, 240, 238];
    const smear = [232, 234, 244];
    expect(read(smear, navy, white).chroma).toBeNaN();
    expect(read(smear, navy, white).luma).toBeLessThan(0.1);
  });

  it('subject and paper of one chroma give no chroma reading', () => {
    expect(read([180, 180, 180], [220, 220, 220], [150, 150, 150]).chroma).toBeNaN();
  });
});
