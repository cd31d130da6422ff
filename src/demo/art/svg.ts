import sharp from 'sharp';
import type { Point } from '../../twins/keypoints.schema.ts';
import { seededRandom } from '../../random/seeded.ts';

/** Small SVG-building helpers shared by the mannequin, garment and scene drawings. */

export type Vec = Point;

export const v = (x: number, y: number): Vec => ({ x, y });
export const add = (a: Vec, b: Vec): Vec => ({ x: a.x + b.x, y: a.y + b.y });
export const sub = (a: Vec, b: Vec): Vec => ({ x: a.x - b.x, y: a.y - b.y });
export const mul = (a: Vec, k: number): Vec => ({ x: a.x * k, y: a.y * k });
export const lerp = (a: Vec, b: Vec, t: number): Vec => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
export const len = (a: Vec): number => Math.hypot(a.x, a.y);
export const norm = (a: Vec): Vec => {
  const l = len(a) || 1;
  return { x: a.x / l, y: a.y / l };
};
/** The perpendicular turned +90° in screen space (y down): for a downward axis it points to image left. */
export const perp = (a: Vec): Vec => ({ x: -a.y, y: a.x });

/** Numbers rounded to 0.01 px keep the SVG short and byte-stable. */
export const f = (n: number): string => (Math.round(n * 100) / 100).toString();
export const pt = (p: Vec): string => `${f(p.x)},${f(p.y)}`;

/** A smooth curve through the points (Catmull-Rom turned into cubic Béziers). */
export function smoothPath(points: readonly Vec[], closed: boolean, tension = 1): string {
  const n = points.length;
  if (n < 2) return '';
  const at = (i: number): Vec => {
    if (closed) return points[((i % n) + n) % n] as Vec;
    return points[Math.max(0, Math.min(n - 1, i))] as Vec;
  };
  let d = `M${pt(at(0))}`;
  const segments = closed ? n : n - 1;
  for (let i = 0; i < segments; i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    const k = tension / 6;
    const c1 = v(p1.x + (p2.x - p0.x) * k, p1.y + (p2.y - p0.y) * k);
    const c2 = v(p2.x - (p3.x - p1.x) * k, p2.y - (p3.y - p1.y) * k);
    d += `C${pt(c1)} ${pt(c2)} ${pt(p2)}`;
  }
  return closed ? `${d}Z` : d;
}

export function polyPath(points: readonly Vec[], closed = true): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${pt(p)}`).join('') + (closed ? 'Z' : '');
}

export type Stop = readonly [offset: number, color: string, opacity?: number];

export function stops(list: readonly Stop[]): string {
  return list
    .map(([o, c, a]) => `<stop offset="${f(o)}" stop-color="${c}"${a === undefined ? '' : ` stop-opacity="${f(a)}"`}/>`)
    .join('');
}

export function linearGradient(id: string, from: Vec, to: Vec, list: readonly Stop[]): string {
  return `<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="${f(from.x)}" y1="${f(from.y)}" x2="${f(to.x)}" y2="${f(to.y)}">${stops(list)}</linearGradient>`;
}

export function radialGradient(id: string, c: Vec, r: number, list: readonly Stop[], focus?: Vec): string {
  const fx = focus ? ` fx="${f(focus.x)}" fy="${f(focus.y)}"` : '';
  return `<radialGradient id="${id}" gradientUnits="userSpaceOnUse" cx="${f(c.x)}" cy="${f(c.y)}" r="${f(r)}"${fx}>${stops(list)}</radialGradient>`;
}

export function blurFilter(id: string, sd: number): string {
  return `<filter id="${id}" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${f(sd)}"/></filter>`;
}

export function svgDoc(width: number, height: number, body: string, viewBox?: string): string {
  const vb = viewBox ?? `0 0 ${width} ${height}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="${vb}">${body}</svg>`;
}

/** Seeded PRNG: the art must come out the same bytes every time. */
export const createRng = seededRandom;

/**
 * A small grey noise tile as a data URI, for fabric grain and paper texture. feTurbulence over a whole
 * canvas costs ~300 ms in librsvg; a tiled 128 px pattern costs next to nothing.
 */
export async function noiseTile(
  seed: number,
  size = 128,
  stretch: { x: number; y: number } = { x: 1, y: 1 },
): Promise<string> {
  const rng = createRng(seed);
  const w = Math.round(size * stretch.x);
  const h = Math.round(size * stretch.y);
  const px = Buffer.alloc(w * h);
  for (let i = 0; i < px.length; i++) px[i] = Math.round(rng() * 255);
  const png = await sharp(px, { raw: { width: w, height: h, channels: 1 } })
    .blur(0.6)
    .png({ compressionLevel: 9 })
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

export async function renderRgba(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).ensureAlpha().png({ compressionLevel: 6 }).toBuffer();
}

export async function renderRgb(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).removeAlpha().png({ compressionLevel: 6 }).toBuffer();
}
