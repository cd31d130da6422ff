import sharp from 'sharp';
import { seededRandom } from '../../src/random/seeded.ts';

/** A seamless-paper backdrop: its colour at the top and how the light falls off (both in 0…255 sRGB levels). */
export interface BackdropSpec {
  colour: readonly [number, number, number];
  /** Brightness lost from top to bottom (0.1 = 10 %) and towards the sides. */
  gradient: number;
  vignette: number;
  /** Darkening in the shadow's core (0.3 = 30 %), its offset and blur in pixels. */
  shadow: { depth: number; dx: number; dy: number; blur: number };
  noise: number;
}

export const BACKDROPS = {
  white: {
    colour: [246, 246, 244],
    gradient: 0.08,
    vignette: 0.06,
    shadow: { depth: 0.3, dx: 28, dy: 14, blur: 14 },
    noise: 2,
  },
  lightGrey: {
    colour: [208, 209, 211],
    gradient: 0.1,
    vignette: 0.06,
    shadow: { depth: 0.3, dx: 28, dy: 14, blur: 14 },
    noise: 2,
  },
  midGrey: {
    colour: [150, 151, 153],
    gradient: 0.1,
    vignette: 0.08,
    shadow: { depth: 0.3, dx: 28, dy: 14, blur: 14 },
    noise: 2,
  },
  sky: {
    colour: [150, 190, 228],
    gradient: 0.1,
    vignette: 0.06,
    shadow: { depth: 0.3, dx: -24, dy: 16, blur: 12 },
    noise: 2,
  },
} as const satisfies Record<string, BackdropSpec>;

/** A studio "photo" with its ground truth: where the cut-out lies and its true alpha at photo size. */
export interface StudioPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
  /** The true alpha (0…255) at every photo pixel. */
  alpha: Uint8Array;
  /** Where the source cut-out's pixel (0, 0) lies in the photo. */
  at: { x: number; y: number };
}

/**
 * Lays an RGBA cut-out on a graded seamless backdrop with a soft offset shadow, adds sensor noise and saves a
 * JPEG at quality 85: the photo a studio would take, whose true alpha is the cut-out's own.
 */
export async function studioPhoto(
  cutoutPng: Buffer,
  spec: BackdropSpec,
  options: { margin?: number; scale?: number; seed?: number; canvas?: { width: number; height: number } } = {},
): Promise<StudioPhoto> {
  let input = sharp(cutoutPng).ensureAlpha();
  const meta = await sharp(cutoutPng).metadata();
  if (options.scale && options.scale !== 1) {
    input = input.resize(Math.round(meta.width! * options.scale), Math.round(meta.height! * options.scale));
  }
  const { data: fg, info } = await input.raw().toBuffer({ resolveWithObject: true });
  const margin = options.margin ?? Math.round(0.12 * Math.max(info.width, info.height));
  const width = options.canvas?.width ?? info.width + 2 * margin;
  const height = options.canvas?.height ?? info.height + 2 * margin;
  const mx = Math.round((width - info.width) / 2);
  const my = Math.round((height - info.height) / 2);
  const alpha = new Uint8Array(width * height);
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) alpha[(y + my) * width + x + mx] = fg[(y * info.width + x) * 4 + 3]!;
  }
  const { depth, dx, dy, blur } = spec.shadow;
  const shifted = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = x - dx;
      const sy = y - dy;
      if (sx >= 0 && sy >= 0 && sx < width && sy < height) shifted[y * width + x] = alpha[sy * width + sx]!;
    }
  }
  const blurred = await sharp(shifted, { raw: { width, height, channels: 1 } })
    .blur(blur)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (blurred.info.channels !== 1) throw new Error('the shadow must be one channel');
  const shadow = blurred.data;
  const next = seededRandom(options.seed ?? 7);
  const photo = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const v = y / (height - 1);
    for (let x = 0; x < width; x++) {
      const u = (2 * x) / (width - 1) - 1;
      const light =
        (1 - spec.gradient * v) * (1 - spec.vignette * u * u) * (1 - depth * (shadow[y * width + x]! / 255));
      const p = y * width + x;
      const a = alpha[p]! / 255;
      const fx = x - mx;
      const fy = y - my;
      const inside = fx >= 0 && fy >= 0 && fx < info.width && fy < info.height;
      const noise = (next() + next() + next() + next() - 2) * spec.noise * Math.sqrt(3);
      for (let c = 0; c < 3; c++) {
        const bg = spec.colour[c]! * light;
        const f = inside ? fg[(fy * info.width + fx) * 4 + c]! : 0;
        photo[p * 3 + c] = Math.min(255, Math.max(0, Math.round(a * f + (1 - a) * bg + noise)));
      }
    }
  }
  const jpeg = await sharp(photo, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  return { jpeg, width, height, alpha, at: { x: mx, y: my } };
}

/** Cut-out quality against the truth: IoU of the alpha > ½ masks and the mean alpha error within `band` px of the true edge. */
export function matteScores(
  truth: Uint8Array,
  width: number,
  height: number,
  cutout: { rgba: Uint8Array; width: number; crop: { x: number; y: number; width: number; height: number } },
  band = 3,
): { iou: number; edgeError: number } {
  const est = new Float32Array(width * height);
  const { crop } = cutout;
  for (let y = 0; y < crop.height; y++) {
    for (let x = 0; x < crop.width; x++)
      est[(y + crop.y) * width + x + crop.x] = cutout.rgba[(y * crop.width + x) * 4 + 3]! / 255;
  }
  let inter = 0;
  let union = 0;
  const edge = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const t = truth[p]! >= 128;
      const e = est[p]! >= 0.5;
      if (t && e) inter++;
      if (t || e) union++;
      const right = x + 1 < width && truth[p + 1]! >= 128 !== t;
      const down = y + 1 < height && truth[p + width]! >= 128 !== t;
      if (right || down) edge[p] = 1;
    }
  }
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let near = false;
      for (let j = Math.max(0, y - band); j <= Math.min(height - 1, y + band) && !near; j++) {
        for (let i = Math.max(0, x - band); i <= Math.min(width - 1, x + band); i++) {
          if (edge[j * width + i]) {
            near = true;
            break;
          }
        }
      }
      if (!near) continue;
      const p = y * width + x;
      sum += Math.abs(est[p]! - truth[p]! / 255);
      count++;
    }
  }
  return { iou: union === 0 ? 1 : inter / union, edgeError: count === 0 ? 0 : sum / count };
}

/** The backdrop `spec` for a photo `k` times the size: its shadow's offset and blur scale with the subject. */
export function scaledBackdrop(spec: BackdropSpec, k: number): BackdropSpec {
  const { dx, dy, blur } = spec.shadow;
  return { ...spec, shadow: { ...spec.shadow, dx: dx * k, dy: dy * k, blur: blur * k } };
}
