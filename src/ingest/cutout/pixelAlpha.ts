import { lumaOf } from '../../imaging/luma.ts';

/*
 * One pixel's alpha, read as a mix of the local subject and backdrop colours: from its colour (luma-led), from its
 * chroma alone, and whether its chroma says plainly backdrop. solveMatte (matte.ts) reads every band pixel so.
 */

/**
 * A colour difference in a luma-led space: luma at full weight, the two colour differences at a quarter. Cameras
 * keep chroma at half resolution (JPEG 4:2:0), so across an edge chroma smears over two pixels while luma does not.
 */
export const CHROMA_WEIGHT = 0.5;
export function weighted(dr: number, dg: number, db: number): [number, number, number] {
  const y = lumaOf(dr, dg, db);
  return [y, CHROMA_WEIGHT * (db - y) * 0.564, CHROMA_WEIGHT * (dr - y) * 0.713];
}

/**
 * Alpha within this of 0 or 1 (beyond the noise's own share) is taken as 0 or 1: JPEG ringing along an edge
 * otherwise leaves a faint fringe on the paper and a faint hole in the subject.
 */
const DEAD_ZONE = 0.1;

/**
 * Alpha `a` with a dead zone at either end, taken as 0 or 1: `noiseShare` (two noise deviations, as a share of the
 * contrast the alpha was read across) plus DEAD_ZONE, at most 0.3; the rest is stretched back to 0…1.
 */
export function outsideDeadZone(a: number, noiseShare: number): number {
  const dead = Math.min(0.3, noiseShare + DEAD_ZONE);
  const v = (a - dead) / (1 - 2 * dead);
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * A silhouette's outermost pixels are darker than the subject's body: fabric turns away from the light at its
 * edge, and seams, piping and outlines run along it; the further out (the more of a pixel is backdrop), the darker.
 * The subject colour an edge pixel mixes with the backdrop is taken RIM_SHADE darker than the local subject colour
 * (where that leaves it at least RIM_MIN_CONTRAST times the solve's contrast floor from the backdrop; else the body
 * colour), then RIM_SHADE_OUTER·(1 − α) more at a pixel so first solved at α (where that too leaves it above the
 * floor; else the first solve stands): without it a light subject's edge comes out too transparent and a dark
 * one's too opaque.
 */
const RIM_SHADE = 0.07;
const RIM_SHADE_OUTER = 0.15;
const RIM_MIN_CONTRAST = 1.5;
/** How much a pixel's distance from the backdrop, as a share of the contrast, is discounted as a bound on alpha. */
const OFF_LINE_MARGIN = 0.1;

/**
 * Alpha of the pixel at `image[i…i+2]` as a mix `α·F + (1−α)·B` of the subject colour F (rim-shaded, see
 * RIM_SHADE) and the backdrop colour B at `subject[j…]` and `backdrop[j…]`; NaN where F and B are too alike for the
 * colours to tell (the caller falls back on its mask). A dead zone of two noise deviations at either end keeps
 * camera noise out of solid subject and clean backdrop.
 */
export function mixAlpha(
  image: ArrayLike<number>,
  i: number,
  subject: ArrayLike<number>,
  backdrop: ArrayLike<number>,
  j: number,
  noise: number,
): number {
  const minContrast = Math.max(12, 4 * noise);
  const floor = RIM_MIN_CONTRAST * minContrast;
  const e = weighted(image[i]! - backdrop[j]!, image[i + 1]! - backdrop[j + 1]!, image[i + 2]! - backdrop[j + 2]!);
  /** The subject colour scaled by `rim` (see RIM_SHADE), less the backdrop's. */
  const towards = (rim: number): [number, number, number] =>
    weighted(
      rim * subject[j]! - backdrop[j]!,
      rim * subject[j + 1]! - backdrop[j + 1]!,
      rim * subject[j + 2]! - backdrop[j + 2]!,
    );
  const solve = (d: [number, number, number]): number => {
    const num = d[0] * e[0] + d[1] * e[1] + d[2] * e[2];
    const den = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    const contrast = Math.sqrt(den);
    if (contrast < minContrast) return Number.NaN;
    // A patterned subject's own colour at a pixel may lie off the line to its local mean (a flower on a dress):
    // the projection then under-counts it, while its distance from the backdrop, against the contrast, still
    // bounds alpha from below (less a margin for noise and chroma smear).
    const apart = Math.min(1, Math.hypot(e[0], e[1], e[2]) / contrast) - OFF_LINE_MARGIN;
    return outsideDeadZone(Math.max(num / den, apart), (2 * noise) / contrast);
  };
  const rimmed = towards(1 - RIM_SHADE);
  const first = solve(Math.hypot(...rimmed) >= floor ? rimmed : towards(1));
  if (Number.isNaN(first)) return first;
  const outer = towards(1 - RIM_SHADE - RIM_SHADE_OUTER * (1 - first));
  return Math.hypot(...outer) >= floor ? solve(outer) : first;
}

/**
 * How near (noise deviations, or a share of the subject–backdrop contrast if more) the line from the backdrop's colour
 * to the local subject's mean must pass a pixel for the mean to explain it.
 */
const MEAN_FITS_NOISE = 3;
const MEAN_FITS_SHARE = 0.1;
/** How much nearer than the mean's a part's line must pass the pixel to be read instead. */
const PART_NEARER = 0.5;

/**
 * Which local subject colour a band pixel is a mix of, with the backdrop's: the mean (index 0) where its line from the
 * backdrop passes near the pixel (MEAN_FITS_NOISE, MEAN_FITS_SHARE); else the candidate (a part: the print's ground or
 * a motif, localSubjectParts) whose line passes nearest, if at most PART_NEARER as far as the mean's. Beside a motif
 * the mean is mostly the motif's colour, while the edge itself is the ground's: the cream ground's shaded edge beside a
 * brown flower, on grey paper, lies lighter than the paper and reads as paper against the brown (darker than the
 * paper); against the cream it reads as the cream's edge.
 */
export function nearestSubjectLine(
  image: ArrayLike<number>,
  i: number,
  candidates: readonly ArrayLike<number>[],
  backdrop: ArrayLike<number>,
  noise: number,
): number {
  const e = weighted(image[i]! - backdrop[i]!, image[i + 1]! - backdrop[i + 1]!, image[i + 2]! - backdrop[i + 2]!);
  /** The distance from the pixel to the segment from the backdrop's colour to `c`'s, and the segment's length. */
  const off = (c: ArrayLike<number>): [number, number] => {
    const d = weighted(c[i]! - backdrop[i]!, c[i + 1]! - backdrop[i + 1]!, c[i + 2]! - backdrop[i + 2]!);
    const den = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    if (Number.isNaN(den) || den < 1e-6) return [Infinity, 0];
    const t = Math.min(1, Math.max(0, (d[0] * e[0] + d[1] * e[1] + d[2] * e[2]) / den));
    return [Math.hypot(e[0] - t * d[0], e[1] - t * d[1], e[2] - t * d[2]), Math.sqrt(den)];
  };
  const [meanOff, contrast] = off(candidates[0]!);
  if (meanOff <= Math.max(MEAN_FITS_NOISE * noise, MEAN_FITS_SHARE * contrast)) return 0;
  let best = 0;
  let bestOff = meanOff;
  for (let k = 1; k < candidates.length; k++) {
    const [o] = off(candidates[k]!);
    if (o < bestOff) {
      best = k;
      bestOff = o;
    }
  }
  return bestOff <= PART_NEARER * meanOff ? best : 0;
}

/** The chroma contrast (levels) between subject and backdrop, in units of the noise, below which chroma is not read. */
export const CHROMA_MIN_CONTRAST = 3;
/**
 * How far (as a share of the local subject's luma) the luma a chroma reading implies for the subject may lie from
 * the local subject's own: further, and the pixel's chroma is the smear of a neighbour's, not a mix with the subject.
 */
const IMPLIED_LUMA_TOLERANCE = 0.12;
/** Chroma readings above this are checked against the implied luma (below it that luma is mostly noise). */
const IMPLIED_LUMA_FROM = 0.15;

/**
 * Alpha read from chroma alone: the pixel's colour differences (B−Y, R−Y, which mix linearly) projected on the line
 * from the backdrop's to the subject's. Where a subject is shaded down to the paper's own brightness at its edge (a
 * white garment's shaded side on light grey paper) luma tells nothing and the luma-led projection, taking the body's
 * brighter colour for the edge's, calls the edge paper; its faint warmth against the cool paper still tells. NaN
 * where the chroma contrast is within the noise, or where the subject luma the reading implies is not the local
 * subject's (JPEG smears a coloured subject's chroma a pixel or two onto the paper beside it, whose luma is the
 * paper's).
 */
export function chromaAlpha(
  image: ArrayLike<number>,
  i: number,
  subject: ArrayLike<number>,
  backdrop: ArrayLike<number>,
  noise: number,
): number {
  return alphaOfChroma(chromaReading(image, i, subject, backdrop), noise);
}

/** chromaAlpha from a pixel's chroma reading. */
export function alphaOfChroma(c: ChromaReading, noise: number): number {
  if (c.contrast < CHROMA_MIN_CONTRAST * noise) return Number.NaN;
  const a = c.along / c.contrast;
  if (a > IMPLIED_LUMA_FROM) {
    const mixed = Math.min(1, a);
    const impliedY = (c.pixelY - (1 - mixed) * c.backdropY) / mixed;
    if (Math.abs(impliedY - c.subjectY) > IMPLIED_LUMA_TOLERANCE * c.subjectY) return Number.NaN;
  }
  return outsideDeadZone(a, (2 * noise) / c.contrast);
}

/** A pixel's chroma against the line from the backdrop's to the subject's, with the three lumas. */
export interface ChromaReading {
  subjectY: number;
  backdropY: number;
  pixelY: number;
  /** Length of the subject's chroma less the backdrop's (B−Y, R−Y), in levels. */
  contrast: number;
  /** The pixel's chroma less the backdrop's: its length along that line, and its whole length. */
  along: number;
  apart: number;
}

export function chromaReading(
  image: ArrayLike<number>,
  i: number,
  subject: ArrayLike<number>,
  backdrop: ArrayLike<number>,
): ChromaReading {
  const subjectY = lumaOf(subject[i]!, subject[i + 1]!, subject[i + 2]!);
  const backdropY = lumaOf(backdrop[i]!, backdrop[i + 1]!, backdrop[i + 2]!);
  const pixelY = lumaOf(image[i]!, image[i + 1]!, image[i + 2]!);
  // The colour differences B−Y and R−Y: subject less backdrop, then pixel less backdrop.
  const dBY = subject[i + 2]! - subjectY - (backdrop[i + 2]! - backdropY);
  const dRY = subject[i]! - subjectY - (backdrop[i]! - backdropY);
  const eBY = image[i + 2]! - pixelY - (backdrop[i + 2]! - backdropY);
  const eRY = image[i]! - pixelY - (backdrop[i]! - backdropY);
  const contrast = Math.hypot(dBY, dRY);
  return {
    subjectY,
    backdropY,
    pixelY,
    contrast,
    along: contrast > 0 ? (eBY * dBY + eRY * dRY) / contrast : 0,
    apart: Math.hypot(eBY, eRY),
  };
}

/** Subject–backdrop chroma contrast (in noise deviations) from which a pixel's chroma alone may say backdrop. */
const BACKDROP_CHROMA_CONTRAST = 15;
/** How near the backdrop's chroma that pixel lies: a share of the subject–backdrop chroma contrast. */
const BACKDROP_CHROMA_SHARE = 0.15;
/** How near the backdrop's luma: a share of the subject–backdrop luma contrast (plus two noise deviations). */
const BACKDROP_LUMA_SHARE = 0.5;

/**
 * Whether a pixel's chroma says plainly "backdrop": subject and backdrop differ strongly in chroma (a beige figure on
 * sky-blue paper), the pixel lies at the backdrop's own chroma, and its luma is no further from the backdrop's than
 * half the subject's. JPEG smears chroma across an edge, which pulls the paper beside a subject towards the
 * subject's chroma, never away from it: such a pixel is paper, whatever a luma reading says that a gradient in the
 * backdrop (the soft edge of the subject's own shadow, lighter next to the subject than the window's mean) biases.
 * The luma bound keeps a grey button on a red dress on grey paper: it has the paper's chroma, not its brightness.
 */
export function chromaSaysBackdrop(
  image: ArrayLike<number>,
  i: number,
  subject: ArrayLike<number>,
  backdrop: ArrayLike<number>,
  noise: number,
): boolean {
  return isBackdropChroma(chromaReading(image, i, subject, backdrop), noise);
}

/** chromaSaysBackdrop from a pixel's chroma reading. */
export function isBackdropChroma(c: ChromaReading, noise: number): boolean {
  return (
    c.contrast >= BACKDROP_CHROMA_CONTRAST * noise &&
    c.apart <= BACKDROP_CHROMA_SHARE * c.contrast &&
    Math.abs(c.pixelY - c.backdropY) <= BACKDROP_LUMA_SHARE * Math.abs(c.subjectY - c.backdropY) + 2 * noise
  );
}
