import { StudioError } from '../../errors/index.ts';

/** Interleaved RGB (3 bytes or floats a pixel), row-major. */
export interface RgbPlane {
  data: Uint8Array | Float32Array;
  width: number;
  height: number;
}

/**
 * A seamless backdrop as a smooth colour field: per channel a quadratic in the image's normalised coordinates
 * (lights fall off and paper curves, so a backdrop is graded, never flat), with the camera's noise around it.
 */
export interface BackdropModel {
  /** 3 × 6 coefficients over [1, u, v, u², uv, v²], u and v in −1…1 across the image. */
  coefficients: Float64Array;
  /** Robust spread of a backdrop pixel around the model, per channel (levels of 0…255). */
  noise: number;
  /** Share of the sampled border that fitted the model. */
  borderFit: number;
}

const TERMS = 6;

function basis(u: number, v: number, out: Float64Array): void {
  out[0] = 1;
  out[1] = u;
  out[2] = v;
  out[3] = u * u;
  out[4] = u * v;
  out[5] = v * v;
}

/** The backdrop colour the model predicts at pixel (x, y) of an image `width` × `height`, into `out` (RGB). */
export function backdropAt(
  model: BackdropModel,
  x: number,
  y: number,
  width: number,
  height: number,
  out: Float64Array,
): void {
  const u = (2 * x) / Math.max(1, width - 1) - 1;
  const v = (2 * y) / Math.max(1, height - 1) - 1;
  const c = model.coefficients;
  for (let ch = 0; ch < 3; ch++) {
    const o = ch * TERMS;
    out[ch] = c[o]! + c[o + 1]! * u + c[o + 2]! * v + c[o + 3]! * u * u + c[o + 4]! * u * v + c[o + 5]! * v * v;
  }
}

/** The backdrop model evaluated at every pixel: interleaved RGB floats (per row a quadratic in u alone). */
export function backdropField(model: BackdropModel, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 3);
  const c = model.coefficients;
  const us = new Float64Array(width);
  for (let x = 0; x < width; x++) us[x] = (2 * x) / Math.max(1, width - 1) - 1;
  const k0 = new Float64Array(3);
  const k1 = new Float64Array(3);
  const k2 = new Float64Array(3);
  for (let y = 0; y < height; y++) {
    const v = (2 * y) / Math.max(1, height - 1) - 1;
    for (let ch = 0; ch < 3; ch++) {
      const o = ch * TERMS;
      k0[ch] = c[o]! + c[o + 2]! * v + c[o + 5]! * v * v;
      k1[ch] = c[o + 1]! + c[o + 4]! * v;
      k2[ch] = c[o + 3]!;
    }
    let i = y * width * 3;
    for (let x = 0; x < width; x++) {
      const u = us[x]!;
      out[i++] = k0[0]! + (k1[0]! + k2[0]! * u) * u;
      out[i++] = k0[1]! + (k1[1]! + k2[1]! * u) * u;
      out[i++] = k0[2]! + (k1[2]! + k2[2]! * u) * u;
    }
  }
  return out;
}

/** Solves the 6×6 normal equations (Gaussian elimination with partial pivoting); a singular system gives zeros. */
function solve(a: Float64Array, b: Float64Array): Float64Array {
  const n = TERMS;
  const m = Float64Array.from(a);
  const r = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(m[row * n + col]!) > Math.abs(m[piv * n + col]!)) piv = row;
    if (Math.abs(m[piv * n + col]!) < 1e-12) continue;
    if (piv !== col) {
      for (let k = 0; k < n; k++) [m[col * n + k], m[piv * n + k]] = [m[piv * n + k]!, m[col * n + k]!];
      [r[col], r[piv]] = [r[piv]!, r[col]!];
    }
    for (let row = col + 1; row < n; row++) {
      const f = m[row * n + col]! / m[col * n + col]!;
      for (let k = col; k < n; k++) m[row * n + k]! -= f * m[col * n + k]!;
      r[row]! -= f * r[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let row = n - 1; row >= 0; row--) {
    const d = m[row * n + row]!;
    if (Math.abs(d) < 1e-12) continue;
    let s = r[row]!;
    for (let k = row + 1; k < n; k++) s -= m[row * n + k]! * x[k]!;
    x[row] = s / d;
  }
  return x;
}

/** The median (the upper one of an even count) by quickselect: O(n), no full sort of 10⁵ residuals per round. */
function median(values: Float64Array | number[]): number {
  const a = Float64Array.from(values);
  const k = a.length >> 1;
  if (a.length === 0) return 0;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** Least squares over the samples whose `use` flag is set. */
function fitCoefficients(samples: Float64Array, use: Uint8Array): Float64Array {
  const count = use.length;
  const ata = new Float64Array(TERMS * TERMS);
  const atb = [new Float64Array(TERMS), new Float64Array(TERMS), new Float64Array(TERMS)];
  const phi = new Float64Array(TERMS);
  for (let i = 0; i < count; i++) {
    if (!use[i]) continue;
    const s = i * 5;
    basis(samples[s]!, samples[s + 1]!, phi);
    for (let r = 0; r < TERMS; r++) {
      for (let c = 0; c < TERMS; c++) ata[r * TERMS + c]! += phi[r]! * phi[c]!;
      for (let ch = 0; ch < 3; ch++) atb[ch]![r]! += phi[r]! * samples[s + 2 + ch]!;
    }
  }
  // A touch of ridge keeps the curvature terms from running wild where samples only line the border.
  for (let r = 1; r < TERMS; r++) ata[r * TERMS + r]! += 1e-3 * (ata[0] ?? 1);
  const out = new Float64Array(3 * TERMS);
  for (let ch = 0; ch < 3; ch++) out.set(solve(ata, atb[ch]!), ch * TERMS);
  return out;
}

function residuals(
  samples: Float64Array,
  coefficients: Float64Array,
): { norm: Float64Array; perChannel: Float64Array } {
  const count = samples.length / 5;
  const norm = new Float64Array(count);
  const perChannel = new Float64Array(count * 3);
  const model: BackdropModel = { coefficients, noise: 0, borderFit: 0 };
  const px = new Float64Array(3);
  for (let i = 0; i < count; i++) {
    const s = i * 5;
    // Coordinates are already normalised: evaluate on a 3×3 "image" whose pixel (u+1, v+1) is (u, v).
    backdropAt(model, samples[s]! + 1, samples[s + 1]! + 1, 3, 3, px);
    let sq = 0;
    for (let ch = 0; ch < 3; ch++) {
      const d = samples[s + 2 + ch]! - px[ch]!;
      perChannel[i * 3 + ch] = Math.abs(d);
      sq += d * d;
    }
    norm[i] = Math.sqrt(sq);
  }
  return { norm, perChannel };
}

/**
 * Fits the backdrop to the pixels `pick` selects (u, v normalised, RGB), by iteratively reweighted least squares:
 * samples far from the current fit (the subject, where it touches the border) are dropped each round.
 */
export function fitBackdrop(samples: Float64Array): BackdropModel {
  const count = samples.length / 5;
  const use = new Uint8Array(count).fill(1);
  let coefficients = fitCoefficients(samples, use);
  let inliers = count;
  let noise = 0;
  for (let round = 0; round < 5; round++) {
    const { norm, perChannel } = residuals(samples, coefficients);
    const inlierNorms: number[] = [];
    for (let i = 0; i < count; i++) if (use[i]) inlierNorms.push(norm[i]!);
    const spread = Math.max(3, median(inlierNorms) * 3);
    // The first round's fit is pulled by the subject: its cut is generous, then tightens.
    const cut = round === 0 ? Math.max(spread, 24) : spread;
    inliers = 0;
    for (let i = 0; i < count; i++) {
      use[i] = norm[i]! <= cut ? 1 : 0;
      inliers += use[i]!;
    }
    if (inliers < TERMS * 4) break;
    coefficients = fitCoefficients(samples, use);
    const channelDev: number[] = [];
    for (let i = 0; i < count; i++)
      if (use[i]) channelDev.push(perChannel[i * 3]!, perChannel[i * 3 + 1]!, perChannel[i * 3 + 2]!);
    noise = Math.max(1, 1.4826 * median(channelDev));
  }
  return { coefficients, noise, borderFit: count === 0 ? 0 : inliers / count };
}

/** Border samples: a band along each side, every `stride`-th pixel, as (u, v, r, g, b) with the side's index. */
export function borderSamples(image: RgbPlane): { samples: Float64Array; side: Uint8Array } {
  const { width, height, data } = image;
  const band = Math.max(2, Math.round(Math.min(width, height) * 0.015));
  const stride = Math.max(1, Math.round((2 * (width + height) * band) / 24000));
  const out: number[] = [];
  const side: number[] = [];
  const push = (x: number, y: number, s: number): void => {
    const i = (y * width + x) * 3;
    out.push(
      (2 * x) / Math.max(1, width - 1) - 1,
      (2 * y) / Math.max(1, height - 1) - 1,
      data[i]!,
      data[i + 1]!,
      data[i + 2]!,
    );
    side.push(s);
  };
  let k = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = y < band ? 0 : y >= height - band ? 1 : x < band ? 2 : x >= width - band ? 3 : -1;
      if (s < 0) {
        x = width - band - 1; // skip the interior of the row
        continue;
      }
      if (k++ % stride === 0) push(x, y, s);
    }
  }
  return { samples: Float64Array.from(out), side: Uint8Array.from(side) };
}

/** Thresholds a studio backdrop's border meets. */
export const BACKDROP_LIMITS = {
  /** At least this share of the border fits one smooth backdrop. */
  minBorderFit: 0.6,
  /** At least three of the four sides are mostly backdrop (a subject may leave by one side: feet, a hem). */
  minSideFit: 0.5,
  /** Camera noise plus paper texture at most this (levels); more is a patterned or busy background. */
  maxNoise: 9,
};

/**
 * The backdrop of a studio photo from its border, or NOT_STUDIO_BACKDROP when the border is not one smooth,
 * quiet backdrop (a room, a patterned wall, a subject filling the frame).
 */
export function studioBackdrop(image: RgbPlane, what: string): BackdropModel {
  const { samples, side } = borderSamples(image);
  const model = fitBackdrop(samples);
  const { norm } = residuals(samples, model.coefficients);
  const cut = Math.max(6, 4 * model.noise);
  const sideFit = [0, 0, 0, 0];
  const sideCount = [0, 0, 0, 0];
  for (let i = 0; i < norm.length; i++) {
    sideCount[side[i]!]!++;
    if (norm[i]! <= cut) sideFit[side[i]!]!++;
  }
  const sides = sideFit.map((fit, i) => (sideCount[i] ? fit / sideCount[i]! : 0));
  const goodSides = sides.filter((s) => s >= BACKDROP_LIMITS.minSideFit).length;
  const problem =
    model.noise > BACKDROP_LIMITS.maxNoise
      ? `its border varies by ${model.noise.toFixed(1)} levels around a smooth backdrop (at most ${BACKDROP_LIMITS.maxNoise} expected)`
      : model.borderFit < BACKDROP_LIMITS.minBorderFit || goodSides < 3
        ? `only ${Math.round(model.borderFit * 100)} % of its border is one smooth backdrop (sides: ${sides.map((s) => `${Math.round(s * 100)} %`).join(', ')}; at least ${BACKDROP_LIMITS.minBorderFit * 100} % overall and three sides expected)`
        : undefined;
  if (problem) {
    throw new StudioError(
      'INGEST_NOT_STUDIO_BACKDROP',
      `${what} is not a studio photo on a seamless backdrop: ${problem}. Photograph the subject on plain seamless ` +
        'paper (white, grey or a colour) lit evenly, with backdrop showing on at least three sides; see docs/capture.md',
      { noise: Math.round(model.noise * 10) / 10, borderFit: Math.round(model.borderFit * 1000) / 1000, sides },
    );
  }
  return model;
}

/** Refits the model to every pixel `mask` marks as backdrop (a finer fit than the border alone). */
export function refitBackdrop(image: RgbPlane, mask: Uint8Array, previous: BackdropModel): BackdropModel {
  const { width, height, data } = image;
  let total = 0;
  for (let i = 0; i < mask.length; i++) total += mask[i]!;
  if (total < 200) return previous;
  const stride = Math.max(1, Math.floor(total / 40000));
  const out: number[] = [];
  let k = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!mask[p] || k++ % stride !== 0) continue;
      out.push(
        (2 * x) / Math.max(1, width - 1) - 1,
        (2 * y) / Math.max(1, height - 1) - 1,
        data[p * 3]!,
        data[p * 3 + 1]!,
        data[p * 3 + 2]!,
      );
    }
  }
  const refit = fitBackdrop(Float64Array.from(out));
  return { ...refit, borderFit: previous.borderFit };
}
