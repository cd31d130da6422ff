import { describe, expect, it } from 'vitest';
import { solveMatte } from '../../src/ingest/cutout/matte.ts';
import { chromaAlpha, chromaSaysBackdrop, mixAlpha } from '../../src/ingest/cutout/pixelAlpha.ts';

/** One pixel's reading against a local subject and backdrop colour (each an RGB triple at index 0). */
const read = (pixel: number[], subject: number[], backdrop: number[], noise = 1.2) => ({
  luma: mixAlpha(pixel, 0, subject, backdrop, 0, noise),
  chroma: chromaAlpha(pixel, 0, subject, backdrop, noise),
});

/**
 * solveMatte (band 2, 5 for uncertain pixels, noise 1) over a w × h image painted pixel by pixel: its colour, whether
 * the mask holds it, and the paper model's colour there. Returns alpha by position.
 */
function matteOf(
  w: number,
  h: number,
  at: (x: number, y: number) => { colour: readonly number[]; mask: boolean; paper: readonly number[] },
): (x: number, y: number) => number {
  const data = new Uint8Array(w * h * 3);
  const mask = new Uint8Array(w * h);
  const field = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      const { colour, mask: inMask, paper } = at(x, y);
      data.set(colour, p * 3);
      field.set(paper, p * 3);
      mask[p] = inMask ? 1 : 0;
    }
  }
  const matte = solveMatte({ data, width: w, height: h }, mask, new Uint8Array(w * h), field, 1, 2, 5);
  return (x, y) => matte.alpha[y * w + x]!;
}

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

describe('a pixel at the paper’s own chroma is paper where subject and paper differ strongly in chroma', () => {
  // A beige figure on sky-blue paper: the paper beside the figure lies in the soft edge of the figure's own shadow,
  // lighter than the mean of the paper further out that the local backdrop colour is taken from.
  const figure = [189, 175, 159];
  const shadowedPaper = [113, 144, 172];

  it('the lighter paper next to the edge: luma reads part figure, chroma says paper', () => {
    const pixel = [124, 155, 181];
    expect(mixAlpha(pixel, 0, figure, shadowedPaper, 0, 1)).toBeGreaterThan(0.3);
    expect(chromaSaysBackdrop(pixel, 0, figure, shadowedPaper, 1)).toBe(true);
  });

  it('a real mix of figure and paper is not called paper', () => {
    const half = figure.map((f, c) => (f + shadowedPaper[c]!) / 2);
    expect(chromaSaysBackdrop(half, 0, figure, shadowedPaper, 1)).toBe(false);
  });

  it('a grey button on a red dress on grey paper keeps its place: it has the paper’s chroma, not its brightness', () => {
    expect(chromaSaysBackdrop([70, 70, 70], 0, [180, 40, 50], [150, 150, 150], 1)).toBe(false);
  });

  it('a white garment on grey paper (little chroma between them) is left to the other readings', () => {
    expect(chromaSaysBackdrop([183, 183, 186], 0, [236, 235, 228], [182, 182, 186], 1)).toBe(false);
  });
});

describe('paper the mask closed over is opened where it joins the paper', () => {
  // A figure on paper, 60 × 60: an arm (x 10–27) and a torso (x 33–50) joined above y 20, with a gap of paper
  // between them (x 28–32) open at the bottom. The mask has closed the gap's upper part (y 20–40), as the
  // segmentation does where JPEG smears the figure's chroma into a narrow tip of paper.
  const w = 60;
  const h = 60;
  const blue = [120, 150, 180];
  const beige = [200, 185, 165];
  const inFigure = (x: number, y: number): boolean =>
    y >= 5 && y < 58 && x >= 10 && x <= 50 && (y < 20 || x < 28 || x > 32);

  function solve(
    figure: number[],
    paper: number[],
    paint: (x: number, y: number) => number[] | undefined = () => undefined,
  ) {
    return matteOf(w, h, (x, y) => ({
      colour: paint(x, y) ?? (inFigure(x, y) ? figure : paper),
      // The mask has closed the gap's upper part.
      mask: inFigure(x, y) || (x >= 28 && x <= 32 && y >= 20 && y <= 40),
      paper,
    }));
  }

  it('the closed tip of the gap comes out as paper, up to its apex', () => {
    const alpha = solve(beige, blue);
    for (const y of [22, 26, 30, 34, 38]) expect(alpha(30, y)).toBe(0);
    expect(alpha(20, 30)).toBe(1);
    expect(alpha(40, 30)).toBe(1);
  });

  it('a paper-coloured patch the figure encloses stays subject', () => {
    const alpha = solve(beige, blue, (x, y) => (x >= 15 && x <= 20 && y >= 10 && y <= 15 ? blue : undefined));
    for (const [x, y] of [
      [15, 10],
      [17, 12],
      [20, 15],
    ] as const)
      expect(alpha(x, y)).toBe(1);
  });

  it('a stitched line at the paper’s brightness but of the figure’s warmth stays, though it runs into the edge', () => {
    // A white tee on cool grey paper; a warm grey line, 2 px wide, from the torso's bottom edge up to y 30, 3 levels
    // off the paper's brightness: only its chroma (more of the tee's warmth than the tee itself) says it is not paper.
    const alpha = solve([236, 235, 228], [182, 182, 186], (x, y) =>
      (x === 42 || x === 43) && y >= 30 && y < 58 ? [188, 185, 174] : undefined,
    );
    for (const y of [32, 40, 50]) expect(alpha(42, y)).toBe(1);
  });
});

describe('the paper beside an edge is read at its own brightness where the paper grades', () => {
  // A light grey garment (x < 30) on paper that grows darker away from it, 2 levels a pixel: the soft edge of the
  // garment's offset shadow, whose core lies further out. The band's paper pixels have paper on one side only.
  const w = 60;
  const h = 40;
  const garment = 190;
  const paperAt = (x: number): number => 170 - 2 * (x - 30);

  function solve(edge: (x: number) => number | undefined = () => undefined) {
    const alpha = matteOf(w, h, (x) => {
      const grey = edge(x) ?? (x < 30 ? garment : paperAt(x));
      return { colour: [grey, grey, grey], mask: x < 30, paper: [paperAt(x), paperAt(x), paperAt(x)] };
    });
    return (x: number): number => alpha(x, 20);
  }

  it('the paper next to the garment reads as paper, not as a fringe of garment', () => {
    // The mean of the paper within reach (x 32–36) is 8 levels darker than the paper at x 30: read against that
    // mean, the paper there would be half garment.
    const alpha = solve();
    expect(alpha(30)).toBe(0);
    expect(alpha(31)).toBe(0);
    expect(alpha(29)).toBe(1);
  });

  it('a half mix of garment and the paper beside it reads as a mix', () => {
    const alpha = solve((x) => (x === 30 ? (garment + paperAt(30)) / 2 : undefined));
    expect(alpha(30)).toBeGreaterThan(0.3);
    expect(alpha(30)).toBeLessThan(0.95);
  });
});

describe('the edge of a print beside one of its motifs is read against the print’s ground', () => {
  // A cream print with brown flowers (x ≥ 30) on mid-grey paper. Within the band's reach inside the edge the flowers
  // outnumber the ground (every column but one in four is a flower's), so the mean subject colour is mostly brown;
  // the edge itself (x 30–31) is the cream ground, a little shaded as fabric is where it turns from the light.
  const w = 60;
  const h = 30;
  const paper = [118, 119, 121];
  const cream = [150, 138, 128];
  const brown = [110, 85, 75];
  const shadedCream = [142, 131, 121];

  function solve(edge: number[]) {
    const alpha = matteOf(w, h, (x) => ({
      colour: x < 30 ? paper : x < 32 ? edge : (x - 32) % 4 === 0 ? cream : brown,
      mask: x >= 30,
      paper,
    }));
    return (x: number): number => alpha(x, 15);
  }

  it('the shaded ground at the edge is garment (against the flowers’ brown it would read as paper)', () => {
    const alpha = solve(shadedCream);
    expect(alpha(30)).toBeGreaterThan(0.9);
    expect(alpha(31)).toBeGreaterThan(0.9);
    expect(alpha(29)).toBe(0);
  });

  it('a half mix of the ground and the paper reads as a mix', () => {
    const alpha = solve(cream.map((c, i) => (c + paper[i]!) / 2));
    expect(alpha(30)).toBeGreaterThan(0.3);
    expect(alpha(30)).toBeLessThan(0.8);
  });
});
