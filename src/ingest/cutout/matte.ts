import type { RgbPlane } from './backdrop.ts';
import { boxMean } from './boxFilter.ts';
import { localBackdropColour, localMean, localSubjectParts } from './localColour.ts';
import {
  alphaOfChroma,
  CHROMA_MIN_CONTRAST,
  chromaReading,
  isBackdropChroma,
  mixAlpha,
  nearestSubjectLine,
} from './pixelAlpha.ts';

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
 * Known-backdrop matting on the trimap's unknown band: the band is `band` pixels either side of the mask's edge
 * (`uncertainBand` for the pixels `uncertain` marks: those the segmentation judged on averaged chroma). There each
 * pixel is a mix `α·F + (1−α)·B` of the local subject colour F (the mean, or on a print its ground's or a motif's:
 * nearestSubjectLine) and the local backdrop colour B (its own shadow included), and α is the pixel's projection on
 * the line from B to F, or its chroma's (chromaAlpha) where that reads more, unless its chroma says plainly backdrop
 * (chromaSaysBackdrop). A dead zone of two noise deviations at either end keeps camera noise out of solid subject and
 * clean backdrop. Paper the mask closed over, joined to the paper, joins the band as paper (openPaperTips).
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
  const { light, dark } = localSubjectParts(image, fgW, localSubject, reach);
  const subjects = [localSubject, light, dark] as const;
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
    // A print's edge: its ground's colour, or a motif's, where the mean's does not explain the pixel.
    const part = subjects[nearestSubjectLine(data, i, subjects, localBackdrop, noise)]!;
    if (part !== localSubject) for (let ch = 0; ch < 3; ch++) localSubject[i + ch] = part[i + ch]!;
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
