import sharp from 'sharp';
import type { RgbaImage } from '../../src/provenance/index.ts';

/** A photo-like test frame: warm gradient backdrop, a figure silhouette and mild grain. */
export async function photoLikeRgba(width: number, height: number, seed = 1): Promise<RgbaImage> {
  const w = width;
  const h = height;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">` +
    `<stop offset="0" stop-color="#e9e2d6"/><stop offset="0.7" stop-color="#c9b9a3"/><stop offset="1" stop-color="#8a7a66"/></linearGradient></defs>` +
    `<rect width="${w}" height="${h}" fill="url(#g)"/><ellipse cx="${w * 0.5}" cy="${h * 0.2}" rx="${w * 0.08}" ry="${h * 0.06}" fill="#b98a6a"/>` +
    `<rect x="${w * 0.36}" y="${h * 0.27}" width="${w * 0.28}" height="${h * 0.4}" rx="${w * 0.05}" fill="#2c4a6e"/>` +
    `<rect x="${w * 0.38}" y="${h * 0.66}" width="${w * 0.1}" height="${h * 0.3}" fill="#222"/><rect x="${w * 0.52}" y="${h * 0.66}" width="${w * 0.1}" height="${h * 0.3}" fill="#222"/></svg>`;
  const data = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
  let state = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i += 4) {
    state = (state * 1664525 + 1013904223) >>> 0;
    const grain = ((state >>> 24) % 9) - 4;
    for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, (data[i + c] as number) + grain));
  }
  return { data, width, height };
}

/** A flat RGBA frame of one grey level. */
export function flatRgba(width: number, height: number, grey: number): RgbaImage {
  const data = Buffer.alloc(width * height * 4, grey);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width, height };
}
