import sharp from 'sharp';
import type { RgbaImage } from '../../src/provenance/watermark/index.ts';
import { seededRandom } from '../../src/random/seeded.ts';

/** Deterministic PRNG so generated fixtures are the same on every run. */
export const rng = seededRandom;

async function rasterize(svg: string, channels: 3 | 4 = 3): Promise<RgbaImage> {
  let pipeline = sharp(Buffer.from(svg));
  pipeline = channels === 3 ? pipeline.removeAlpha() : pipeline.ensureAlpha();
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

function colour(next: () => number): string {
  return `rgb(${Math.floor(next() * 256)},${Math.floor(next() * 256)},${Math.floor(next() * 256)})`;
}

/** Adds zero-mean noise (sum of uniforms, roughly Gaussian) of standard deviation `sigma` to R, G, B. */
export function addNoise(image: RgbaImage, sigma: number, seed: number): RgbaImage {
  const next = rng(seed);
  const data = Buffer.from(image.data);
  const k = sigma * Math.sqrt(12 / 4);
  for (let p = 0; p < data.length; p += image.channels) {
    const n = (next() + next() + next() + next() - 2) * k;
    for (let c = 0; c < 3; c++) data[p + c] = Math.min(255, Math.max(0, Math.round((data[p + c] ?? 0) + n)));
  }
  return { ...image, data };
}

/**
 * A photograph-like test scene: a lit backdrop gradient, soft shapes with radial shading, a
 * "figure" silhouette, a line of text and fine texture, blurred a little and with sensor noise.
 */
export async function syntheticPhoto(width: number, height: number, seed: number): Promise<RgbaImage> {
  const next = rng(seed);
  const shapes: string[] = [];
  for (let i = 0; i < 14; i++) {
    const cx = next() * width;
    const cy = next() * height;
    const r = (0.05 + next() * 0.25) * Math.min(width, height);
    shapes.push(
      next() < 0.5
        ? `<ellipse cx="${cx}" cy="${cy}" rx="${r}" ry="${r * (0.5 + next())}" fill="url(#g${i % 4})" opacity="${0.5 + next() * 0.5}"/>`
        : `<rect x="${cx - r}" y="${cy - r / 2}" width="${r * 2}" height="${r}" rx="${r / 6}" fill="${colour(next)}" opacity="${0.4 + next() * 0.6}" transform="rotate(${next() * 60 - 30} ${cx} ${cy})"/>`,
    );
  }
  const gradients = [0, 1, 2, 3]
    .map(
      (i) =>
        `<radialGradient id="g${i}" cx="40%" cy="35%" r="70%"><stop offset="0" stop-color="${colour(next)}"/><stop offset="1" stop-color="${colour(next)}"/></radialGradient>`,
    )
    .join('');
  const fontSize = Math.round(Math.min(width, height) * 0.07);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs>
      <linearGradient id="bg" x1="0" y1="0" x2="0.3" y2="1"><stop offset="0" stop-color="${colour(next)}"/><stop offset="1" stop-color="${colour(next)}"/></linearGradient>
      ${gradients}
      <filter id="grain"><feTurbulence type="turbulence" baseFrequency="${0.2 + next() * 0.4}" numOctaves="2" seed="${(seed * 7) % 1000}"/><feColorMatrix type="saturate" values="0"/></filter>
      <filter id="tex"><feTurbulence type="fractalNoise" baseFrequency="${0.01 + next() * 0.05}" numOctaves="3" seed="${seed % 1000}"/><feColorMatrix type="saturate" values="0"/></filter>
    </defs>
    <rect width="100%" height="100%" fill="url(#bg)"/>
    <rect width="100%" height="${height * 0.35}" y="${height * 0.65}" filter="url(#tex)" opacity="0.35"/>
    ${shapes.join('\n')}
    <ellipse cx="${width / 2}" cy="${height * 0.3}" rx="${width * 0.09}" ry="${width * 0.11}" fill="rgb(224,180,150)"/>
    <path d="M ${width * 0.32} ${height} L ${width * 0.36} ${height * 0.45} Q ${width / 2} ${height * 0.38} ${width * 0.64} ${height * 0.45} L ${width * 0.68} ${height} Z" fill="${colour(next)}"/>
    <rect width="100%" height="100%" filter="url(#grain)" opacity="0.18"/>
    <text x="${width * 0.06}" y="${height * 0.1}" font-family="sans-serif" font-weight="bold" font-size="${fontSize}" fill="white">SPRING ${seed}</text>
  </svg>`;
  const base = await rasterize(svg);
  const blurred = await sharp(base.data, { raw: { width, height, channels: 3 } })
    .blur(0.8)
    .raw()
    .toBuffer();
  return addNoise({ data: blurred, width, height, channels: 3 }, 2 + (seed % 3), seed);
}

/** A clean studio render: smooth backdrop, a soft figure, no noise or texture (the hardest case to hide a mark in). */
export async function cleanRender(width: number, height: number, seed: number): Promise<RgbaImage> {
  const next = rng(seed);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs>
      <radialGradient id="b" cx="50%" cy="40%" r="80%"><stop offset="0" stop-color="#eeeae6"/><stop offset="1" stop-color="#b8b2ac"/></radialGradient>
      <linearGradient id="f" x1="0" x2="1"><stop offset="0" stop-color="${colour(next)}"/><stop offset="1" stop-color="${colour(next)}"/></linearGradient>
    </defs>
    <rect width="100%" height="100%" fill="url(#b)"/>
    <ellipse cx="${width / 2}" cy="${height * 0.22}" rx="${width * 0.08}" ry="${width * 0.1}" fill="rgb(220,180,150)"/>
    <path d="M ${width * 0.3} ${height} L ${width * 0.36} ${height * 0.35} Q ${width / 2} ${height * 0.3} ${width * 0.64} ${height * 0.35} L ${width * 0.7} ${height} Z" fill="url(#f)"/>
  </svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .blur(1.5)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** An RGBA cut-out: transparent background, an opaque figure with a soft edge. */
export async function transparentCutout(width: number, height: number): Promise<RgbaImage> {
  return rasterize(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <defs><radialGradient id="s" cx="40%" cy="30%" r="80%"><stop offset="0" stop-color="#f0c0a0"/><stop offset="1" stop-color="#603020"/></radialGradient></defs>
      <ellipse cx="${width / 2}" cy="${height / 2}" rx="${width * 0.3}" ry="${height * 0.4}" fill="url(#s)"/>
      <text x="${width * 0.3}" y="${height / 2}" font-family="sans-serif" font-size="${width / 10}" fill="#204060">TWIN</text>
    </svg>`,
    4,
  );
}

export type UnmarkedKind = 'flat' | 'noise' | 'gradient' | 'checker' | 'texture' | 'photo';

/** Unmarked images of many kinds for the false-positive check; small, so many are cheap. */
export async function unmarkedImage(
  kind: UnmarkedKind,
  width: number,
  height: number,
  seed: number,
): Promise<RgbaImage> {
  const next = rng(seed);
  switch (kind) {
    case 'flat': {
      const data = Buffer.alloc(width * height * 3, Math.floor(next() * 256));
      return { data, width, height, channels: 3 };
    }
    case 'noise': {
      const data = Buffer.alloc(width * height * 3);
      for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 256);
      return { data, width, height, channels: 3 };
    }
    case 'gradient':
      return rasterize(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="${next()}" y2="1"><stop offset="0" stop-color="${colour(next)}"/><stop offset="1" stop-color="${colour(next)}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
      );
    case 'checker': {
      const cell = 2 + Math.floor(next() * 40);
      return rasterize(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><pattern id="c" width="${cell * 2}" height="${cell * 2}" patternUnits="userSpaceOnUse"><rect width="${cell}" height="${cell}" fill="black"/><rect x="${cell}" y="${cell}" width="${cell}" height="${cell}" fill="black"/></pattern></defs><rect width="100%" height="100%" fill="white"/><rect width="100%" height="100%" fill="url(#c)"/></svg>`,
      );
    }
    case 'texture':
      return rasterize(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><filter id="t"><feTurbulence type="${next() < 0.5 ? 'turbulence' : 'fractalNoise'}" baseFrequency="${0.005 + next() * 0.2}" numOctaves="${1 + Math.floor(next() * 4)}" seed="${seed}"/></filter><rect width="100%" height="100%" fill="${colour(next)}"/><rect width="100%" height="100%" filter="url(#t)"/></svg>`,
      );
    case 'photo':
      return syntheticPhoto(width, height, seed);
  }
}

/** Attacks from the issue, each alone: JPEG re-compression, a downscale, a crop of one edge. */
export async function jpegRoundTrip(image: RgbaImage, quality: number): Promise<RgbaImage> {
  const { width, height, channels } = image;
  const jpeg = await sharp(image.data, { raw: { width, height, channels } }).jpeg({ quality }).toBuffer();
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

export async function downscale(image: RgbaImage, factor: number): Promise<RgbaImage> {
  const { width, height, channels } = image;
  const { data, info } = await sharp(image.data, { raw: { width, height, channels } })
    .resize(Math.round(width * factor), Math.round(height * factor))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

/** Fits the image whole into a larger frame on a background (an export's "contain" fit): bars on two sides. */
export async function letterbox(
  image: RgbaImage,
  width: number,
  height: number,
  background: string,
): Promise<RgbaImage> {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .resize(width, height, { fit: 'contain', background, kernel: 'lanczos3' })
    .flatten({ background })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

export type Edge = 'left' | 'right' | 'top' | 'bottom';

export async function cropEdge(image: RgbaImage, edge: Edge, fraction: number): Promise<RgbaImage> {
  const { width, height, channels } = image;
  const cutX = edge === 'left' || edge === 'right' ? Math.round(width * fraction) : 0;
  const cutY = edge === 'top' || edge === 'bottom' ? Math.round(height * fraction) : 0;
  const region = {
    left: edge === 'left' ? cutX : 0,
    top: edge === 'top' ? cutY : 0,
    width: width - cutX,
    height: height - cutY,
  };
  const { data, info } = await sharp(image.data, { raw: { width, height, channels } })
    .extract(region)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

/** PSNR over R, G and B in dB. */
export function psnr(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  let n = 0;
  for (let p = 0; p < a.data.length; p += a.channels) {
    for (let c = 0; c < 3; c++) {
      const d = (a.data[p + c] ?? 0) - (b.data[p + c] ?? 0);
      sum += d * d;
      n++;
    }
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / n));
}

export async function writePng(image: RgbaImage, path: string): Promise<void> {
  const { width, height, channels } = image;
  await sharp(image.data, { raw: { width, height, channels } }).png().toFile(path);
}
