import { add, blurFilter, f, linearGradient, mul, norm, perp, pt, smoothPath, sub } from './svg.ts';
import type { Vec } from './svg.ts';
import { buildSkeleton } from './rig.ts';
import type { JointName, Joint } from './rig.ts';
import type { GarmentLandmarks } from '../../catalog/garmentLandmarks.ts';

/** Drawing kit for garments: they are drawn on an invisible form in the front pose's coordinates. */

export const FRONT: Record<JointName, Joint> = buildSkeleton('front').j;

/** Builds a path of straight and smooth runs; corners stay sharp where the cut has corners. */
export class PathBuilder {
  private d = '';
  private last: Vec = { x: 0, y: 0 };
  readonly points: Vec[] = [];
  move(p: Vec): this {
    this.d += `M${pt(p)}`;
    this.last = p;
    this.points.push(p);
    return this;
  }
  line(...ps: Vec[]): this {
    for (const p of ps) this.d += `L${pt(p)}`;
    this.last = ps[ps.length - 1] ?? this.last;
    this.points.push(...ps);
    return this;
  }
  /** A smooth run from the current point through the given ones. */
  smooth(...ps: Vec[]): this {
    const run = smoothPath([this.last, ...ps], false);
    this.d += run.slice(run.indexOf('C'));
    this.last = ps[ps.length - 1] ?? this.last;
    this.points.push(...ps);
    return this;
  }
  close(): string {
    return `${this.d}Z`;
  }
}

/** A point along the polyline of joints, by arc length from its start, with the local direction. */
export function along(chain: readonly Vec[], s: number): { p: Vec; dir: Vec } {
  let rest = s;
  for (let i = 1; i < chain.length; i++) {
    const a = chain[i - 1] as Vec;
    const b = chain[i] as Vec;
    const l = Math.hypot(b.x - a.x, b.y - a.y);
    if (rest <= l || i === chain.length - 1) {
      const dir = norm(sub(b, a));
      return { p: add(a, mul(dir, rest)), dir };
    }
    rest -= l;
  }
  return { p: chain[0] as Vec, dir: { x: 0, y: 1 } };
}

export type Tube = { d: string; outer: Vec[]; inner: Vec[]; hem: [Vec, Vec]; lit: Vec; shade: Vec };

/**
 * A sleeve or trouser leg following a chain of joints, with a flat hem at `length` and a half width
 * profile over [0..1] of that length. `outer` is the side away from the body's midline.
 */
export function tube(chain: readonly Vec[], length: number, width: (t: number) => number): Tube {
  const a: Vec[] = [];
  const b: Vec[] = [];
  const steps = 10;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const { p, dir } = along(chain, t * length);
    const n = perp(dir);
    a.push(add(p, mul(n, width(t))));
    b.push(add(p, mul(n, -width(t))));
  }
  const mid = along(chain, length / 2);
  const first = chain[0] as Vec;
  // perp() points to image left for a downward axis: that is the outer side on the image-left limbs.
  const outerIsA = first.x < 512;
  const outer = outerIsA ? a : b;
  const inner = outerIsA ? b : a;
  const wMax = Math.max(width(0), width(0.5), width(1));
  const n = perp(mid.dir);
  const d = `${smoothPath(a, false)}L${pt(b[b.length - 1] as Vec)}${smoothPath([...b].reverse(), false).replace(/^M[^C]*/, '')}Z`;
  return {
    d,
    outer,
    inner,
    hem: [a[a.length - 1] as Vec, b[b.length - 1] as Vec],
    lit: add(mid.p, mul(n, wMax)),
    shade: add(mid.p, mul(n, -wMax)),
  };
}

export type Fold = { pts: Vec[]; w: number; tone: 'dark' | 'light'; o?: number };

/** Everything a garment drawing produces, in front-pose canvas coordinates. */
export type GarmentDrawing = {
  defs: string[];
  body: string;
  /** Points that bound the garment (its outline); the crop box is taken from them. */
  extent: Vec[];
  /** The garment's construction landmarks (src/catalog/garmentLandmarks.ts), in the front pose's pixels. */
  landmarks: GarmentLandmarks;
};

/** Shading over a flat-coloured piece: lit edge lighter, far edge darker, as on a cylinder. */
export function cylinderShade(id: string, lit: Vec, shade: Vec, strength = 1): string {
  const k = strength;
  return linearGradient(id, lit, shade, [
    [0, '#ffffff', 0.1 * k],
    [0.25, '#ffffff', 0.2 * k],
    [0.5, '#ffffff', 0.02],
    [0.78, '#000000', 0.16 * k],
    [1, '#000000', 0.3 * k],
  ]);
}

export function foldsSvg(id: string, folds: readonly Fold[], blur: number): { def: string; svg: string } {
  const paths = folds
    .map((fo) => {
      const colour = fo.tone === 'dark' ? '#1b1410' : '#ffffff';
      const o = fo.o ?? (fo.tone === 'dark' ? 0.28 : 0.22);
      return `<path d="${smoothPath(fo.pts, false)}" fill="none" stroke="${colour}" stroke-opacity="${f(o)}" stroke-width="${f(fo.w)}" stroke-linecap="round"/>`;
    })
    .join('');
  return { def: blurFilter(id, blur), svg: `<g filter="url(#${id})">${paths}</g>` };
}

/** A seam line and, beside it, a row of stitches. */
export function seam(
  pts: readonly Vec[],
  colour: string,
  stitch?: { colour: string; offset: number; dash?: string; width?: number },
): string {
  const d = smoothPath(pts, false);
  let s = `<path d="${d}" fill="none" stroke="${colour}" stroke-opacity="0.55" stroke-width="1.6"/>`;
  if (stitch) {
    const shifted = offsetLine(pts, stitch.offset);
    s += `<path d="${smoothPath(shifted, false)}" fill="none" stroke="${stitch.colour}" stroke-width="${f(stitch.width ?? 1.4)}" stroke-dasharray="${stitch.dash ?? '5 3'}" stroke-opacity="0.9"/>`;
  }
  return s;
}

export function offsetLine(pts: readonly Vec[], k: number): Vec[] {
  return pts.map((p, i) => {
    const a = pts[Math.max(0, i - 1)] as Vec;
    const b = pts[Math.min(pts.length - 1, i + 1)] as Vec;
    return add(p, mul(perp(norm(sub(b, a))), k));
  });
}

export function button(c: Vec, r: number, colour: string, rim: string): string {
  const hole = r * 0.28;
  return (
    `<circle cx="${f(c.x + 1.5)}" cy="${f(c.y + 2)}" r="${f(r)}" fill="#000" fill-opacity="0.25"/>` +
    `<circle cx="${f(c.x)}" cy="${f(c.y)}" r="${f(r)}" fill="${colour}" stroke="${rim}" stroke-width="1.2"/>` +
    `<circle cx="${f(c.x - r * 0.3)}" cy="${f(c.y - r * 0.35)}" r="${f(r * 0.45)}" fill="#fff" fill-opacity="0.3"/>` +
    `<circle cx="${f(c.x - hole)}" cy="${f(c.y)}" r="${f(r * 0.12)}" fill="${rim}"/><circle cx="${f(c.x + hole)}" cy="${f(c.y)}" r="${f(r * 0.12)}" fill="${rim}"/>`
  );
}
