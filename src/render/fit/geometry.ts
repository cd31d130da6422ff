import type { Point } from '../tps.ts';

export const add = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y });
export const sub = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y });
export const mul = (a: Point, k: number): Point => ({ x: a.x * k, y: a.y * k });
export const dot = (a: Point, b: Point): number => a.x * b.x + a.y * b.y;
export const len = (a: Point): number => Math.hypot(a.x, a.y);
export const lerp = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
export const mid = (a: Point, b: Point): Point => lerp(a, b, 0.5);
export const unit = (a: Point): Point => {
  const l = len(a);
  return l > 1e-9 ? { x: a.x / l, y: a.y / l } : { x: 0, y: 1 };
};
/** Rotated a quarter turn: (x, y) → (−y, x). */
export const perp = (a: Point): Point => ({ x: -a.y, y: a.x });
export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function smoothstep(edge0: number, edge1: number, v: number): number {
  const t = clamp((v - edge0) / (edge1 - edge0), 0, 1);
  return t * t * (3 - 2 * t);
}

/** Where p projects on a polyline: the segment, how far along it (clamped), the distance, and the side (+1 left of travel). */
export interface ChainHit {
  segment: number;
  t: number;
  distance: number;
  /** Signed offset from the segment along its quarter-turned direction. */
  offset: number;
  /** Length along the chain from its start to the projection. */
  along: number;
}

export function projectOnChain(chain: readonly Point[], p: Point): ChainHit {
  let best: ChainHit = { segment: 0, t: 0, distance: Infinity, offset: 0, along: 0 };
  let start = 0;
  for (let i = 0; i + 1 < chain.length; i++) {
    const a = chain[i] as Point;
    const b = chain[i + 1] as Point;
    const ab = sub(b, a);
    const l2 = Math.max(dot(ab, ab), 1e-9);
    const t = clamp(dot(sub(p, a), ab) / l2, 0, 1);
    const q = lerp(a, b, t);
    const distance = len(sub(p, q));
    if (distance < best.distance) {
      const l = Math.sqrt(l2);
      best = { segment: i, t, distance, offset: dot(sub(p, a), perp(ab)) / l, along: start + t * l };
    }
    start += Math.sqrt(l2);
  }
  return best;
}

/** Signed distance of p from the line through a and b: positive on the side `outward` points to. */
export function sideOfLine(a: Point, b: Point, outward: Point, p: Point): number {
  const n = unit(perp(sub(b, a)));
  const sign = dot(n, sub(outward, a)) >= 0 ? 1 : -1;
  return sign * dot(n, sub(p, a));
}
