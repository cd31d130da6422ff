import sharp from 'sharp';
import { StudioError } from '../../errors/index.ts';
import { decodeImage } from '../../imaging/index.ts';
import { backdropField, refitBackdrop, studioBackdrop, type BackdropModel, type RgbPlane } from './backdrop.ts';
import { guidedCoefficients } from './boxFilter.ts';
import { solveMatte, type WorkingMatte } from './matte.ts';
import { outsideDeadZone, weighted } from './pixelAlpha.ts';
import { CHROMA_RADIUS, classify, CLASS, plainBackdrop, subjectMask } from './segment.ts';

export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A cut-out: straight-alpha RGBA of the crop of the photo that holds the subject. */
export interface Cutout {
  rgba: Uint8Array;
  width: number;
  height: number;
  /** Where the cut-out sits in the photo. */
  crop: Crop;
  photoWidth: number;
  photoHeight: number;
  /** Mean alpha over the cut-out, 0…1. */
  alphaCoverage: number;
}

export type CutoutStage = 'decode' | 'backdrop' | 'segment' | 'matte' | 'upsample' | 'encode';
export type CutoutProgress = (stage: CutoutStage, fraction: number) => void;

export interface CutoutOptions {
  /** Pixels the photo is keyed and matted at (the alpha is upsampled to full size by the guided filter). */
  workingPixels?: number;
  /** Names the photo in errors. */
  what?: string;
  onProgress?: CutoutProgress;
}

/**
 * Pixels a larger photo is keyed and matted at. A gap of paper narrower than about a working pixel closes (a hand all
 * but touching the thigh: on a 24 MP photo the walking mannequin's read 0.0475 against its true alpha at 1 MP, 0.0392
 * at 1.5 MP, 0.0375 at 2 MP). The cost grows with it: the 24 MP photo takes about 1.3 s in the worker at 1 MP, 1.7 –
 * 2.2 s at 2 MP (docs/benchmarks.md, `cutout`; the target is 3 s).
 */
export const DEFAULT_WORKING_PIXELS = 2_000_000;
/** Half-width of the trimap's unknown band at working resolution, in pixels. */
const BAND = 2;
/**
 * Radius (working pixels) of the guided filter's windows that carry the alpha to full size: the smallest, 3 × 3. A
 * working pixel already spans several photo pixels, and each wider window fits one line from guide to alpha across
 * more of the edge's shape (at 5 × 5 the mannequin keyed at 0.8 MP read 0.0419 against its true alpha, at 3 × 3
 * 0.0371).
 */
const UPSAMPLE_RADIUS = 1;

/** Margin kept around the subject in the crop, as a share of the subject's larger side. */
const CROP_MARGIN = 0.03;

function planeOf(data: Uint8Array, width: number, height: number): RgbPlane {
  return { data, width, height };
}

/** The guide both resolutions share: how far a pixel's colour lies from the backdrop model. */
function guideOf(image: RgbPlane, field: Float32Array): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const i = p * 3;
    const [y, cb, cr] = weighted(
      image.data[i]! - field[i]!,
      image.data[i + 1]! - field[i + 1]!,
      image.data[i + 2]! - field[i + 2]!,
    );
    out[p] = Math.sqrt(y * y + cb * cb + cr * cr);
  }
  return out;
}

function subjectBox(mask: Uint8Array, w: number, h: number): Crop | undefined {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Keys and segments the working-resolution image. */
function segmentWorking(
  low: RgbPlane,
  what: string,
  progress: CutoutProgress,
): { model: BackdropModel; mask: Uint8Array; cls: Uint8Array; field: Float32Array } {
  let model = studioBackdrop(low, what);
  let field = backdropField(model, low.width, low.height);
  progress('backdrop', 0.5);
  // A second fit over every pixel that is plainly backdrop: the border alone under-constrains the middle.
  model = refitBackdrop(low, plainBackdrop(low, field, model.noise), model);
  field = backdropField(model, low.width, low.height);
  progress('backdrop', 1);
  const cls = classify(low, field, model.noise);
  const mask = subjectMask(low, cls, model.noise);
  progress('segment', 1);
  return { model, mask, cls, field };
}

/** Context (working pixels) kept around the crop for the matte: its widest local-colour window fits inside. */
const MATTE_CONTEXT = 32;

/** The rectangle `r` of an interleaved plane with `channels` values per pixel. */
function cropPlane<T extends Uint8Array | Float32Array>(src: T, w: number, r: Crop, channels: number): T {
  const out = new (src.constructor as new (n: number) => T)(r.width * r.height * channels);
  for (let y = 0; y < r.height; y++) {
    const from = ((y + r.y) * w + r.x) * channels;
    out.set(src.subarray(from, from + r.width * channels), y * r.width * channels);
  }
  return out;
}

/**
 * Mattes the working image within `region` only (the crop and its context): the matte's local colour windows and
 * the guided filter are the heaviest passes, and the paper far from the subject needs neither.
 */
function regionMatte(
  low: RgbPlane,
  region: Crop,
  seg: { mask: Uint8Array; cls: Uint8Array; field: Float32Array; model: BackdropModel },
): { image: RgbPlane; matte: WorkingMatte } {
  const w = low.width;
  const image: RgbPlane = { data: cropPlane(low.data, w, region, 3), width: region.width, height: region.height };
  const mask = cropPlane(seg.mask, w, region, 1);
  const cls = cropPlane(seg.cls, w, region, 1);
  const uncertain = new Uint8Array(cls.length);
  for (let p = 0; p < cls.length; p++) uncertain[p] = cls[p] === CLASS.byChroma ? 1 : 0;
  const field = cropPlane(seg.field, w, region, 3);
  const matte = solveMatte(image, mask, uncertain, field, seg.model.noise, BAND, BAND + CHROMA_RADIUS + 1);
  return { image, matte };
}

/**
 * Cuts the subject out of a studio photo (RGB, `full`), keyed at `low` — the same photo scaled down, or `full`
 * itself — and returns the cropped straight-alpha RGBA at full size, colour decontaminated at the edge.
 */
export function cutOutPixels(full: RgbPlane, low: RgbPlane, options: CutoutOptions = {}): Cutout {
  const progress = options.onProgress ?? ((): void => {});
  const what = options.what ?? 'The photo';
  const seg = segmentWorking(low, what, progress);
  const { model, mask } = seg;
  const lw = low.width;
  const lh = low.height;
  const box = subjectBox(mask, lw, lh);
  if (!box) {
    throw new StudioError(
      'INGEST_NO_SUBJECT',
      `${what} shows only its backdrop: nothing stands apart from the paper. Check that the subject is in frame and ` +
        'differs from the backdrop in colour or brightness (a white garment on light grey works, white on white does not)',
      { width: full.width, height: full.height },
    );
  }
  const sx = full.width / lw;
  const sy = full.height / lh;
  const margin =
    Math.round(CROP_MARGIN * Math.max(box.width * sx, box.height * sy)) + Math.ceil(BAND * Math.max(sx, sy)) + 2;
  const cx0 = Math.max(0, Math.floor(box.x * sx) - margin);
  const cy0 = Math.max(0, Math.floor(box.y * sy) - margin);
  const cx1 = Math.min(full.width, Math.ceil((box.x + box.width) * sx) + margin);
  const cy1 = Math.min(full.height, Math.ceil((box.y + box.height) * sy) + margin);
  const crop = { x: cx0, y: cy0, width: cx1 - cx0, height: cy1 - cy0 };
  const rx0 = Math.max(0, Math.floor(cx0 / sx) - MATTE_CONTEXT);
  const ry0 = Math.max(0, Math.floor(cy0 / sy) - MATTE_CONTEXT);
  const rx1 = Math.min(lw, Math.ceil(cx1 / sx) + MATTE_CONTEXT);
  const ry1 = Math.min(lh, Math.ceil(cy1 / sy) + MATTE_CONTEXT);
  const region = { x: rx0, y: ry0, width: rx1 - rx0, height: ry1 - ry0 };
  const { image: lowRegion, matte } = regionMatte(low, region, seg);
  progress('matte', 1);
  const rw = region.width;
  const rh = region.height;

  const guideLow = guideOf(lowRegion, matte.localBackdrop);
  const same = full.width === lw && full.height === lh;
  const eps = 4 * model.noise * model.noise;
  const { meanA, meanB } = guidedCoefficients(guideLow, matte.alpha, rw, rh, UPSAMPLE_RADIUS, eps);
  progress('upsample', 0.1);

  const rgba = new Uint8Array(crop.width * crop.height * 4);
  const bgPx = new Float64Array(3);
  let alphaSum = 0;
  const fd = full.data;
  // Per column of the crop: the nearest working pixel and the bilinear taps, in the region's coordinates.
  const colNear = new Int32Array(crop.width);
  const colX0 = new Int32Array(crop.width);
  const colX1 = new Int32Array(crop.width);
  const colFx = new Float32Array(crop.width);
  for (let x = cx0; x < cx1; x++) {
    const k = x - cx0;
    colNear[k] = Math.min(lw - 1, Math.floor((x + 0.5) / sx));
    const lx = Math.min(rw - 1, Math.max(0, (x + 0.5) / sx - 0.5 - rx0));
    colX0[k] = Math.floor(lx);
    colX1[k] = Math.min(rw - 1, colX0[k]! + 1);
    colFx[k] = lx - colX0[k]!;
  }
  for (let y = cy0; y < cy1; y++) {
    // Bilinear taps and the nearest working pixel, in the region's coordinates.
    const ly = Math.min(rh - 1, Math.max(0, (y + 0.5) / sy - 0.5 - ry0));
    const ly0 = Math.floor(ly);
    const ly1 = Math.min(rh - 1, ly0 + 1);
    const fy = ly - ly0;
    const nearY = Math.min(lh - 1, Math.floor((y + 0.5) / sy));
    for (let x = cx0; x < cx1; x++) {
      const nearX = colNear[x - cx0]!;
      const lp = (nearY - ry0) * rw + (nearX - rx0);
      const o = ((y - cy0) * crop.width + (x - cx0)) * 4;
      const i = (y * full.width + x) * 3;
      let alpha: number;
      if (!matte.unknown[lp]) {
        alpha = mask[nearY * lw + nearX]!;
      } else if (same) {
        alpha = matte.alpha[lp]!;
      } else {
        const lx0 = colX0[x - cx0]!;
        const lx1 = colX1[x - cx0]!;
        const fx = colFx[x - cx0]!;
        const a00 = ly0 * rw + lx0;
        const a01 = ly0 * rw + lx1;
        const a10 = ly1 * rw + lx0;
        const a11 = ly1 * rw + lx1;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        const A = meanA[a00]! * w00 + meanA[a01]! * w01 + meanA[a10]! * w10 + meanA[a11]! * w11;
        const B = meanB[a00]! * w00 + meanB[a01]! * w01 + meanB[a10]! * w10 + meanB[a11]! * w11;
        const lb = matte.localBackdrop;
        for (let ch = 0; ch < 3; ch++) {
          bgPx[ch] =
            lb[a00 * 3 + ch]! * w00 + lb[a01 * 3 + ch]! * w01 + lb[a10 * 3 + ch]! * w10 + lb[a11 * 3 + ch]! * w11;
        }
        const [dy, dcb, dcr] = weighted(fd[i]! - bgPx[0]!, fd[i + 1]! - bgPx[1]!, fd[i + 2]! - bgPx[2]!);
        const q = A * Math.sqrt(dy * dy + dcb * dcb + dcr * dcr) + B;
        alpha = outsideDeadZone(q, 2 * model.noise * Math.abs(A));
      }
      alphaSum += alpha;
      if (alpha <= 0) continue;
      const a8 = Math.round(alpha * 255);
      if (a8 === 0) continue;
      rgba[o + 3] = a8;
      if (alpha >= 1) {
        rgba[o] = fd[i]!;
        rgba[o + 1] = fd[i + 1]!;
        rgba[o + 2] = fd[i + 2]!;
        continue;
      }
      // Decontamination: the subject's own colour, I = αF + (1−α)B solved for F, leaning on the local subject
      // colour where α is too small for the solve to be trusted.
      const trust = Math.min(1, Math.max(0, (alpha - 0.2) / 0.6));
      for (let ch = 0; ch < 3; ch++) {
        const b = matte.localBackdrop[lp * 3 + ch]!;
        const solved = (fd[i + ch]! - (1 - alpha) * b) / alpha;
        const f = trust * solved + (1 - trust) * matte.localSubject[lp * 3 + ch]!;
        rgba[o + ch] = f < 0 ? 0 : f > 255 ? 255 : Math.round(f);
      }
    }
    if ((y - cy0) % 256 === 0) progress('upsample', 0.1 + (0.9 * (y - cy0)) / crop.height);
  }
  progress('upsample', 1);
  return {
    rgba,
    width: crop.width,
    height: crop.height,
    crop,
    photoWidth: full.width,
    photoHeight: full.height,
    alphaCoverage: alphaSum / (crop.width * crop.height),
  };
}

/** Decodes a photo (EXIF orientation applied, alpha dropped) and cuts its subject out. */
export async function cutOutPhoto(bytes: Buffer, options: CutoutOptions = {}): Promise<Cutout> {
  const progress = options.onProgress ?? ((): void => {});
  const what = options.what ?? 'The photo';
  const decoded = await decodeImage(bytes, what, {}, (img) => img.rotate().removeAlpha().toColourspace('srgb'));
  progress('decode', 0.7);
  const full = planeOf(
    new Uint8Array(decoded.pixels.buffer, decoded.pixels.byteOffset, decoded.pixels.byteLength),
    decoded.width,
    decoded.height,
  );
  const budget = options.workingPixels ?? DEFAULT_WORKING_PIXELS;
  let low = full;
  if (full.width * full.height > budget) {
    const k = Math.sqrt(budget / (full.width * full.height));
    const lw = Math.max(16, Math.round(full.width * k));
    const lh = Math.max(16, Math.round(full.height * k));
    const small = await sharp(decoded.pixels, { raw: { width: full.width, height: full.height, channels: 3 } })
      .resize(lw, lh, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    low = planeOf(new Uint8Array(small.buffer, small.byteOffset, small.byteLength), lw, lh);
  }
  progress('decode', 1);
  return cutOutPixels(full, low, options);
}

/** The cut-out as a PNG (fast deflate: cut-outs are large and read once by the pack or the catalogue). */
export async function cutoutPng(cutout: Cutout): Promise<Buffer> {
  return sharp(cutout.rgba, { raw: { width: cutout.width, height: cutout.height, channels: 4 } })
    .png({ compressionLevel: 2, adaptiveFiltering: false })
    .toBuffer();
}
