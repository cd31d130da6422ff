import type { RgbPlane } from './backdrop.ts';
import { boxMean } from './boxFilter.ts';
import { lumaOf } from '../../imaging/luma.ts';

/** The matte at working resolution, with the local colours the full-resolution pass decontaminates with. */
export interface WorkingMatte {
  alpha: Float32Array;
  /** 1 inside the trimap's unknown band (alpha is solved there), 0 where the mask decides. */
  unknown: Uint8Array;
  /** Local backdrop colour (shadow included) and local subject colour, interleaved RGB. */
  localBackdrop: Float32Array;
  localSubject: Float32Array;
}

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

/** Normalised convolution: the mean colour of the pixels `weight` marks, around each pixel (NaN where none). */
function localMean(image: RgbPlane, weight: Float32Array, r: number): Float32Array {
  const { width: w, height: h, data } = image;
  const n = w * h;
  const den = boxMean(weight, w, h, r);
  const out = new Float32Array(n * 3);
  const channel = new Float32Array(n);
  for (let ch = 0; ch < 3; ch++) {
    for (let p = 0; p < n; p++) channel[p] = data[p * 3 + ch]! * weight[p]!;
    const num = boxMean(channel, w, h, r);
    for (let p = 0; p < n; p++) out[p * 3 + ch] = den[p]! > 1e-3 ? num[p]! / den[p]! : Number.NaN;
  }
  return out;
}

/**
 * Spread (px², along each axis) added to the backdrop pixels' own in a window before the luma plane's slope is
 * fitted: where they lie along a line (paper one pixel wide between two parts) the slope across it is unknown, and
 * this holds it near zero.
 */
const PLANE_RIDGE = 0.5;

/**
 * The backdrop colour around each pixel, from the pixels `weight` marks (NaN where none): their mean colour, scaled
 * to the luma of the plane fitted through their lumas (weighted least squares over the window) and read at the pixel
 * itself. A band pixel's window holds backdrop on one side of it only; where the paper grades (the soft edge of the
 * subject's shadow, the light's fall-off) their mean is the paper's brightness some pixels away, and the plane
 * carries it to the pixel. Light scales the paper's colour, so chroma follows the mean: JPEG smears the subject's
 * chroma onto the paper beside it, and a plane through chroma would tilt with the smear.
 */
function localBackdropColour(image: RgbPlane, weight: Float32Array, r: number): Float32Array {
  const { width: w, height: h, data } = image;
  const n = w * h;
  const mean = localMean(image, weight, r);
  // Weight × (x, y, x², y², xy, luma·x, luma·y), in coordinates about the image's centre (they keep the second
  // moments small enough for single precision); their window means follow. The mean luma is the mean colour's.
  const cx = w / 2;
  const cy = h / 2;
  const zeros = (): Float32Array => new Float32Array(n);
  const [wx, wy, wxx, wyy, wxy, wlx, wly] = [zeros(), zeros(), zeros(), zeros(), zeros(), zeros(), zeros()];
  for (let y = 0, p = 0; y < h; y++) {
    const v = y - cy;
    for (let x = 0; x < w; x++, p++) {
      const k = weight[p]!;
      if (k === 0) continue;
      const u = x - cx;
      const luma = k * lumaOf(data[p * 3]!, data[p * 3 + 1]!, data[p * 3 + 2]!);
      wx[p] = k * u;
      wy[p] = k * v;
      wxx[p] = k * u * u;
      wyy[p] = k * v * v;
      wxy[p] = k * u * v;
      wlx[p] = luma * u;
      wly[p] = luma * v;
    }
  }
  const windowMean = (plane: Float32Array): Float32Array => boxMean(plane, w, h, r);
  const s0 = windowMean(weight);
  const sx = windowMean(wx);
  const sy = windowMean(wy);
  const sxx = windowMean(wxx);
  const syy = windowMean(wyy);
  const sxy = windowMean(wxy);
  const slx = windowMean(wlx);
  const sly = windowMean(wly);
  for (let p = 0; p < n; p++) {
    const m = s0[p]!;
    const i = p * 3;
    if (Number.isNaN(mean[i]!)) continue;
    const meanLuma = lumaOf(mean[i]!, mean[i + 1]!, mean[i + 2]!);
    if (meanLuma < 1) continue;
    // The backdrop pixels' centroid relative to this pixel, their spread about it, and the luma's covariance with
    // position: the plane's slope (gu, gv) solves the 2 × 2 normal equations.
    const x = (p % w) - cx;
    const y = Math.floor(p / w) - cy;
    const mx = sx[p]! / m;
    const my = sy[p]! / m;
    const cuu = sxx[p]! / m - mx * mx + PLANE_RIDGE;
    const cvv = syy[p]! / m - my * my + PLANE_RIDGE;
    const cuv = sxy[p]! / m - mx * my;
    const cu = slx[p]! / m - mx * meanLuma;
    const cv = sly[p]! / m - my * meanLuma;
    const det = cuu * cvv - cuv * cuv;
    const gu = (cvv * cu - cuv * cv) / det;
    const gv = (cuu * cv - cuv * cu) / det;
    const luma = Math.max(0, meanLuma + gu * (x - mx) + gv * (y - my));
    const scale = luma / meanLuma;
    for (let ch = 0; ch < 3; ch++) mean[i + ch] = mean[i + ch]! * scale;
  }
  return mean;
}

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

/** The chroma contrast (levels) between subject and backdrop, in units of the noise, below which chroma is not read. */
const CHROMA_MIN_CONTRAST = 3;
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
function alphaOfChroma(c: ChromaReading, noise: number): number {
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
interface ChromaReading {
  subjectY: number;
  backdropY: number;
  pixelY: number;
  /** Length of the subject's chroma less the backdrop's (B−Y, R−Y), in levels. */
  contrast: number;
  /** The pixel's chroma less the backdrop's: its length along that line, and its whole length. */
  along: number;
  apart: number;
}

function chromaReading(
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
function isBackdropChroma(c: ChromaReading, noise: number): boolean {
  return (
    c.contrast >= BACKDROP_CHROMA_CONTRAST * noise &&
    c.apart <= BACKDROP_CHROMA_SHARE * c.contrast &&
    Math.abs(c.pixelY - c.backdropY) <= BACKDROP_LUMA_SHARE * Math.abs(c.subjectY - c.backdropY) + 2 * noise
  );
}

/**
 * Known-backdrop matting on the trimap's unknown band: the band is `band` pixels either side of the mask's edge
 * (`uncertainBand` for the pixels `uncertain` marks: those the segmentation judged on averaged chroma);
 * there each pixel is a mix `α·F + (1−α)·B` of the local subject colour F and the local backdrop colour B (its own
 * shadow included), and α is the pixel's projection on the line from B to F, or its chroma's (chromaAlpha) where
 * that reads more, unless its chroma says plainly backdrop (chromaSaysBackdrop). A dead zone of two noise deviations
 * at either end keeps camera noise out of solid subject and clean backdrop. Paper the mask closed over, joined to the
 * paper, joins the band as paper (openPaperTips).
 */
export function solveMatte(
  image: RgbPlane,
  mask: Uint8Array,
  uncertain: Uint8Array,
  field: Float32Array,
  noise: number,
  band: number,
  uncertainBand: number,
): WorkingMatte {
  const { width: w, height: h, data } = image;
  const n = w * h;
  const m = new Float32Array(n);
  for (let p = 0; p < n; p++) m[p] = mask[p]!;
  const near = boxMean(m, w, h, band);
  const wider = boxMean(m, w, h, uncertainBand);
  const unknown = new Uint8Array(n);
  const fgW = new Float32Array(n);
  const bgW = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const v = near[p]!;
    const v2 = wider[p]!;
    if ((v > 1e-4 && v < 1 - 1e-4) || (uncertain[p] && v2 > 1e-4 && v2 < 1 - 1e-4)) unknown[p] = 1;
    else if (mask[p]) fgW[p] = 1;
    else bgW[p] = 1;
  }
  const reach = Math.max(band, uncertainBand) + 3;
  const localBackdrop = localBackdropColour(image, bgW, reach - 2);
  let localSubject = localMean(image, fgW, reach);
  // Thin parts (a strand, a strap) lie wholly inside the band: their colour is sought further away.
  const wide = localMean(image, fgW, reach * 3);
  // Where no backdrop lies within reach (the paper deep in a narrow gap), it is sought further away before the
  // model's field is taken: the field knows nothing of the shadow the gap lies in.
  const wideBackdrop = localMean(image, bgW, reach * 3);
  const alpha = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const i = p * 3;
    if (Number.isNaN(localBackdrop[i]!)) {
      const from = Number.isNaN(wideBackdrop[i]!) ? field : wideBackdrop;
      for (let ch = 0; ch < 3; ch++) localBackdrop[i + ch] = from[i + ch]!;
    }
    if (Number.isNaN(localSubject[i]!)) {
      for (let ch = 0; ch < 3; ch++) localSubject[i + ch] = Number.isNaN(wide[i]!) ? data[i + ch]! : wide[i + ch]!;
    }
    if (!unknown[p]) {
      alpha[p] = mask[p]!;
      continue;
    }
    const chroma = chromaReading(data, i, localSubject, localBackdrop);
    if (isBackdropChroma(chroma, noise)) {
      alpha[p] = 0;
      continue;
    }
    let a = mixAlpha(data, i, localSubject, localBackdrop, i, noise);
    // Where luma cannot tell the subject's edge from the paper, its chroma may: the larger reading wins.
    const byChroma = alphaOfChroma(chroma, noise);
    if (!Number.isNaN(byChroma) && (Number.isNaN(a) || byChroma > a)) a = byChroma;
    alpha[p] = Number.isNaN(a) ? mask[p]! : a;
  }
  openPaperTips(data, mask, unknown, alpha, localSubject, localBackdrop, wideBackdrop, noise, w, h);
  localSubject = localSubject.map((v, i) => (Number.isNaN(v) ? data[i]! : v));
  return { alpha: medianInBand(alpha, unknown, w, h), unknown, localBackdrop, localSubject };
}

/** The subject–backdrop contrast (RGB levels) below which colour cannot say a pixel inside the mask is paper. */
const TIP_MIN_CONTRAST = 20;
/** How near the backdrop's colour (a share of the subject–backdrop contrast) a pixel must lie to be read as paper. */
const TIP_BACKDROP_SHARE = 0.3;
/**
 * The most of the subject's chroma (a share of the subject–backdrop chroma contrast) a pixel read as paper may carry:
 * JPEG's smear brings up to about half onto the paper beside a subject; a subject's own detail at the paper's
 * brightness (a collar's stitched line on a white tee) carries all of it.
 */
const TIP_MAX_SUBJECT_CHROMA = 0.5;

/**
 * Whether the pixel at `i` reads as backdrop, whatever the mask says: subject and backdrop differ clearly
 * (TIP_MIN_CONTRAST), the pixel lies near the backdrop's colour (TIP_BACKDROP_SHARE of that contrast), the colour
 * reading sees no subject in it and its chroma no more of the subject's than JPEG's smear brings. (Near the
 * backdrop's colour alone is not enough: a print's leaf may share the paper's brightness and lie off the line to the
 * subject's mean colour.)
 */
function readsAsBackdrop(
  data: ArrayLike<number>,
  i: number,
  subject: Float32Array,
  backdrop: Float32Array,
  noise: number,
): boolean {
  const contrast = Math.hypot(
    subject[i]! - backdrop[i]!,
    subject[i + 1]! - backdrop[i + 1]!,
    subject[i + 2]! - backdrop[i + 2]!,
  );
  if (contrast < TIP_MIN_CONTRAST) return false;
  const off = Math.hypot(data[i]! - backdrop[i]!, data[i + 1]! - backdrop[i + 1]!, data[i + 2]! - backdrop[i + 2]!);
  if (off > TIP_BACKDROP_SHARE * contrast) return false;
  if (mixAlpha(data, i, subject, backdrop, i, noise) !== 0) return false;
  const c = chromaReading(data, i, subject, backdrop);
  return c.contrast < CHROMA_MIN_CONTRAST * noise || c.along <= TIP_MAX_SUBJECT_CHROMA * c.contrast;
}

/**
 * Opens the tips of paper the mask closed over. JPEG smears a subject's chroma a pixel or two onto the paper beside
 * it, and the segmentation, judging chroma averaged over a window, closes a narrow tip of paper (between a hand and
 * the hip, at the point of a V-neck) as subject. A mask pixel outside the unknown band that reads as backdrop
 * (`readsAsBackdrop`, against the backdrop found within `nearBackdrop`'s reach) and joins the paper through such
 * pixels becomes part of the band, solved as paper. A backdrop-coloured patch enclosed by the subject (a print, a
 * hole in a knit seen against a lining) does not join the paper and stays.
 */
function openPaperTips(
  data: ArrayLike<number>,
  mask: Uint8Array,
  unknown: Uint8Array,
  alpha: Float32Array,
  subject: Float32Array,
  backdrop: Float32Array,
  nearBackdrop: Float32Array,
  noise: number,
  w: number,
  h: number,
): void {
  const n = w * h;
  const candidate = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const i = p * 3;
    if (mask[p] && !unknown[p] && !Number.isNaN(nearBackdrop[i]!) && readsAsBackdrop(data, i, subject, backdrop, noise))
      candidate[p] = 1;
  }
  const isPaper = (q: number): boolean => (unknown[q] ? alpha[q]! < 0.5 : !mask[q]);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let p = 0; p < n; p++) {
    if (!candidate[p]) continue;
    const x = p % w;
    const y = (p - x) / w;
    if (
      (x > 0 && isPaper(p - 1)) ||
      (x < w - 1 && isPaper(p + 1)) ||
      (y > 0 && isPaper(p - w)) ||
      (y < h - 1 && isPaper(p + w))
    ) {
      candidate[p] = 0;
      queue[tail++] = p;
    }
  }
  for (let head = 0; head < tail; head++) {
    const p = queue[head]!;
    unknown[p] = 1;
    alpha[p] = 0;
    const x = p % w;
    const y = (p - x) / w;
    for (const q of [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1]) {
      if (q >= 0 && candidate[q]) {
        candidate[q] = 0;
        queue[tail++] = q;
      }
    }
  }
}

/** A 3×3 median over the unknown band: lone noisy pixels go, edges (a median keeps steps) stay where they are. */
function medianInBand(alpha: Float32Array, unknown: Uint8Array, w: number, h: number): Float32Array {
  const out = Float32Array.from(alpha);
  const win = new Float32Array(9);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const p = y * w + x;
      if (!unknown[p]) continue;
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) win[k++] = alpha[p + dy * w + dx]!;
      win.sort();
      out[p] = win[4]!;
    }
  }
  return out;
}
