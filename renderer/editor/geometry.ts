import { previewBodyPoints, type Keypoints, type Point } from '../../src/contract/index.ts';
import { apply, invert, type Matrix } from '../../src/contract/placement.ts';

/** A rectangle in an image's own pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The four corners of `rect` under `m`: top-left, top-right, bottom-right, bottom-left. */
export function corners(m: Matrix, rect: Rect): Point[] {
  return [
    { x: rect.x, y: rect.y },
    { x: rect.x + rect.width, y: rect.y },
    { x: rect.x + rect.width, y: rect.y + rect.height },
    { x: rect.x, y: rect.y + rect.height },
  ].map((p) => apply(m, p));
}

export function pointInRect(m: Matrix, rect: Rect, p: Point): boolean {
  const local = apply(invert(m), p);
  return local.x >= rect.x && local.y >= rect.y && local.x <= rect.x + rect.width && local.y <= rect.y + rect.height;
}

export const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * The similarity (scale, rotation, translation) that best maps the garment's keypoints onto the same-named
 * pose keypoints, least squares. The renderer does a thin-plate-spline fit; the canvas previews with this.
 */
export function similarityFit(from: Keypoints, to: Keypoints): Matrix | null {
  const pairs: [Point, Point][] = [];
  for (const [name, p] of Object.entries(from)) {
    const q = to[name];
    if (p && q) pairs.push([p, q]);
  }
  if (pairs.length < 2) return null;
  const n = pairs.length;
  const mean = (pick: (pq: [Point, Point]) => number) => pairs.reduce((s, pq) => s + pick(pq), 0) / n;
  const px = mean(([p]) => p.x);
  const py = mean(([p]) => p.y);
  const qx = mean(([, q]) => q.x);
  const qy = mean(([, q]) => q.y);
  let sxx = 0;
  let sxy = 0;
  let norm = 0;
  for (const [p, q] of pairs) {
    const ax = p.x - px;
    const ay = p.y - py;
    const bx = q.x - qx;
    const by = q.y - qy;
    sxx += ax * bx + ay * by;
    sxy += ax * by - ay * bx;
    norm += ax * ax + ay * ay;
  }
  if (norm < 1e-9) return null;
  const a = sxx / norm;
  const b = sxy / norm;
  return [a, b, -b, a, qx - (a * px - b * py), qy - (b * px + a * py)];
}

/**
 * The similarity that previews a garment known by its landmarks (a product photo's, no body points) on a pose: the
 * body the render fits it to, placed from the landmarks, onto the pose's joints the garment's body spans
 * (`previewBodyPoints`). Null where the landmarks place no body or the pose lacks the joints.
 */
export function garmentPreviewFit(landmarks: Keypoints, category: string, pose: Keypoints): Matrix | null {
  return similarityFit(previewBodyPoints(landmarks, category), pose);
}

/** Decomposes a similarity matrix into the scale/rotation/position a canvas node takes. */
export function decompose(m: Matrix): { x: number; y: number; scale: number; rotation: number } {
  return { x: m[4], y: m[5], scale: Math.hypot(m[0], m[1]), rotation: (Math.atan2(m[1], m[0]) * 180) / Math.PI };
}

export function normaliseDegrees(deg: number): number {
  let d = deg % 360;
  if (d > 180) d -= 360;
  if (d <= -180) d += 360;
  return d;
}
