import type { GarmentCategory } from '../../catalog/garment.schema.ts';
import type { GarmentLandmarks } from '../../catalog/garmentLandmarks.ts';
import { StudioError } from '../../errors/index.ts';
import type { Point } from '../../twins/keypoints.schema.ts';
import { outerContour, rowRuns, runAt, silhouetteOf, topAt, type Run, type Silhouette } from './silhouette.ts';

/**
 * Garment landmarks suggested from a front-view cut-out's silhouette and its category. Left and right are the
 * wearer's (COCO): the wearer's left lies on the image's right. Suggestions, for a person to check and drag in the
 * Ingest view: they come from the outline (neckline, shoulder line, the gaps under the sleeves and between the
 * legs, the ends of sleeves and legs, the body's hem corners), and for the armpit, which a sleeve hangs over, from
 * a proportion of the cut (ARMHOLE_DEPTH).
 */
export function suggestLandmarks(
  rgba: Uint8Array,
  width: number,
  height: number,
  category: GarmentCategory,
): GarmentLandmarks {
  const s = silhouetteOf(rgba, width, height);
  if (s.bottom < 0 || s.bottom - s.top < 8) {
    throw new StudioError(
      'INGEST_NO_SUBJECT',
      `The garment cut-out (${width}×${height}) holds no garment shape to place landmarks on; expected an opaque garment of at least 8 px`,
      { width, height, category },
    );
  }
  switch (category) {
    case 'trousers':
    case 'shorts':
      return bottoms(s, true);
    case 'skirt':
      return bottoms(s, false);
    default:
      return top(s);
  }
}

const round = (p: Point): Point => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 });

/** The left and right ends of the silhouette's row `y` (the run spanning most of it). */
function rowEnds(s: Silhouette, y: number): { left: Point; right: Point } {
  const runs = rowRuns(s, y);
  const first = runs[0] ?? { start: s.left, end: s.right };
  const last = runs[runs.length - 1] ?? first;
  return { left: { x: first.start, y }, right: { x: last.end, y } };
}

/** A row a little above the bottom of `span`: the hem's corners without the rounding of its lowest pixels. */
function hemRow(s: Silhouette, from: number, to: number, span: (y: number) => Run | undefined): number {
  // The hem row is the lowest row that is still nearly as wide as the rows just above it.
  const widthAt = (y: number): number => {
    const run = span(y);
    return run ? run.end - run.start : 0;
  };
  const reference = widthAt(Math.round(from + (to - from) * 0.9));
  for (let y = to; y > from; y--) if (widthAt(y) >= 0.93 * reference) return y;
  return to;
}

/** Rows (a share of the garment's height) above the hem row over which a hem corner's side is sought. */
const HEM_CORNER_ROWS = 0.01;

/**
 * The hem's corners at row `hemY`: each side's outermost point over the `rows` rows above it and the hem row itself.
 * A cut-out rounds a corner's last pixels (the matte softens them), and a hem that is nearly level (a tee's, curving
 * down to its middle) meets the hem row where that rounding has already pulled the side in.
 */
function hemCorners(
  s: Silhouette,
  hemY: number,
  rows: number,
  span: (y: number) => Run | undefined,
): { left: Point; right: Point } {
  const atHem = span(hemY) ?? { start: s.left, end: s.right };
  let left = atHem.start;
  let right = atHem.end;
  for (let y = hemY - rows; y < hemY; y++) {
    const run = span(y);
    if (!run) continue;
    left = Math.min(left, run.start);
    right = Math.max(right, run.end);
  }
  return { left: { x: left, y: hemY }, right: { x: right, y: hemY } };
}

function bottoms(s: Silhouette, legs: boolean): GarmentLandmarks {
  const h = s.bottom - s.top + 1;
  const waistY = s.top + Math.max(1, Math.round(h * 0.01));
  const waist = rowEnds(s, waistY);
  const out: GarmentLandmarks = { right_waist: round(waist.left), left_waist: round(waist.right) };
  if (!legs) {
    // A skirt flares: its hem's corners are its widest points near the bottom.
    let y = s.bottom;
    let widest = -1;
    for (let row = Math.round(s.bottom - h * 0.25); row <= s.bottom; row++) {
      const ends = rowEnds(s, row);
      if (ends.right.x - ends.left.x >= widest) {
        widest = ends.right.x - ends.left.x;
        y = row;
      }
    }
    const hem = rowEnds(s, y);
    return { ...out, right_hem: round(hem.left), left_hem: round(hem.right) };
  }
  // The crotch: the top of the gap between the legs, below the waist.
  const cx = (waist.left.x + waist.right.x) / 2;
  let crotch: Point = { x: cx, y: s.top + h * 0.3 };
  for (let y = waistY; y <= s.bottom; y++) {
    const runs = rowRuns(s, y);
    if (runs.length < 2) continue;
    // The gap nearest the centre line.
    let best: { x: number; d: number } | undefined;
    for (let i = 1; i < runs.length; i++) {
      const gx = (runs[i - 1]!.end + runs[i]!.start) / 2;
      const d = Math.abs(gx - cx);
      if (!best || d < best.d) best = { x: gx, d };
    }
    if (best && best.d < (waist.right.x - waist.left.x) * 0.25) {
      crotch = { x: best.x, y: y - 0.5 };
      break;
    }
  }
  out.crotch = round(crotch);
  // Each leg's hem: its lowest rows, outer and inner ends.
  for (const side of ['right', 'left'] as const) {
    const inLeg = (x: number): boolean => (side === 'right' ? x < crotch.x : x > crotch.x);
    let lowest = -1;
    for (let y = s.bottom; y > crotch.y; y--) {
      if (rowRuns(s, y).some((r) => inLeg((r.start + r.end) / 2))) {
        lowest = y;
        break;
      }
    }
    if (lowest < 0) continue;
    const legTop = Math.round(crotch.y);
    const legRuns = (y: number) => rowRuns(s, y).filter((r) => inLeg((r.start + r.end) / 2));
    const widthAt = (y: number): number => {
      const runs = legRuns(y);
      return runs.length ? runs[runs.length - 1]!.end - runs[0]!.start : 0;
    };
    const reference = widthAt(Math.round(legTop + (lowest - legTop) * 0.9));
    let y = lowest;
    while (y > legTop && widthAt(y) < 0.9 * reference) y--;
    const runs = legRuns(y);
    const a = { x: runs[0]!.start, y };
    const b = { x: runs[runs.length - 1]!.end, y };
    // The wearer's right leg is on the image's left: its outer end is the left one.
    const [outer, inner] = side === 'right' ? [a, b] : [b, a];
    out[`${side}_leg_hem_outer`] = round(outer);
    out[`${side}_leg_hem_inner`] = round(inner);
  }
  return out;
}

/**
 * The end of the shoulder line: going out from the neck point along the silhouette's top, the last column before
 * the top falls away at more than 0.6 px a pixel and goes on falling (the sleeve head's drop); else the neck point.
 */
function shoulderEnd(s: Silhouette, neck: Point, dir: -1 | 1, limit: number): Point {
  const d = Math.max(3, Math.round(0.01 * (s.bottom - s.top)));
  const steps = Math.abs(limit - neck.x);
  for (let k = 0; k + 2 * d <= steps; k++) {
    const x = Math.round(neck.x + dir * k);
    const t = topAt(s, x);
    // The fall must go on (a notch in a frayed top edge is no sleeve head): 0.6 px a pixel over d and over 2d.
    const ahead = topAt(s, x + dir * d);
    const further = topAt(s, x + dir * 2 * d);
    if (t >= 0 && ahead >= 0 && ahead - t >= 0.6 * d && further - t >= 1.2 * d) return { x, y: t };
  }
  return neck;
}

/** Douglas–Peucker: the polyline's corners, keeping every point farther than `eps` from the simplified line. */
function simplify(points: Point[], eps: number): Point[] {
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [i0, i1] = stack.pop()!;
    const a = points[i0]!;
    const b = points[i1]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    let best = -1;
    let bestD = eps;
    for (let k = i0 + 1; k < i1; k++) {
      const p = points[k]!;
      const d = Math.abs((b.x - a.x) * (a.y - p.y) - (a.x - p.x) * (b.y - a.y)) / len;
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([i0, best], [best, i1]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function nearestIndex(contour: Point[], p: Point): number {
  let best = 0;
  let bestD = Infinity;
  contour.forEach((c, i) => {
    const d = (c.x - p.x) ** 2 + (c.y - p.y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

function top(s: Silhouette): GarmentLandmarks {
  const h = s.bottom - s.top + 1;
  // The body's hem, not a sleeve's cuff hanging beside or below it: the rows of the run through the centre line.
  const mid = Math.round((s.left + s.right) / 2);
  let bodyBottom = s.bottom;
  while (bodyBottom > s.top && !runAt(s, bodyBottom, mid)) bodyBottom--;
  const hemY = hemRow(s, s.top + h * 0.5, bodyBottom, (y) => runAt(s, y, mid));
  const hem = hemCorners(s, hemY, Math.max(2, Math.round(HEM_CORNER_ROWS * h)), (y) => runAt(s, y, mid));
  const cx = Math.round((hem.left.x + hem.right.x) / 2);
  const bodyHalf = (hem.right.x - hem.left.x) / 2;
  // Neckline: the front neck is the silhouette's top at the centre line; the neck points are the innermost points
  // either side of it at the height of the shoulder line's top (not a collar's or a shoulder corner's stray pixel).
  const neckCentre = { x: cx, y: Math.max(s.top, topAt(s, cx)) };
  const neckPoint = (dir: -1 | 1): Point => {
    const tops: Point[] = [];
    for (let k = 1; k <= bodyHalf * 0.6; k++) {
      const x = cx + dir * k;
      const t = topAt(s, x);
      if (t >= 0) tops.push({ x, y: t });
    }
    const highest = Math.min(...tops.map((p) => p.y));
    return tops.find((p) => p.y <= highest + 1.5) ?? { x: cx, y: neckCentre.y };
  };
  const neckRight = neckPoint(-1);
  const neckLeft = neckPoint(1);
  // The gaps under the sleeves: going down from a little below the shoulder line, the first row where a sleeve
  // stands apart from the body (a run of at least 3 px beside the body's, for 3 rows running: a stray rim pixel is
  // no sleeve). The sleeve usually hangs over the underarm seam, so the gap opens below it (see underarmSeam).
  const apart = (y: number, dir: -1 | 1): number | undefined => {
    const body = bodyRun(s, y, cx, dir);
    if (!body) return undefined;
    const runs = rowRuns(s, y).filter((r) => r.end - r.start >= 2);
    const beside = dir < 0 ? runs.some((r) => r.end < body.start) : runs.some((r) => r.start > body.end);
    return beside ? (dir < 0 ? body.start - 0.5 : body.end + 0.5) : undefined;
  };
  const armpit = (dir: -1 | 1): Point | undefined => {
    const from = Math.round(Math.max(neckLeft.y, neckRight.y) + 0.08 * h);
    for (let y = from; y < hemY - 2; y++) {
      const x = apart(y, dir);
      if (x !== undefined && apart(y + 1, dir) !== undefined && apart(y + 2, dir) !== undefined)
        return { x, y: y - 0.5 };
    }
    return undefined;
  };
  const contour = outerContour(s);
  const out: GarmentLandmarks = {
    neck_center: round(neckCentre),
    neck_right: round(neckRight),
    neck_left: round(neckLeft),
    right_hem: round(hem.left),
    left_hem: round(hem.right),
  };
  for (const side of ['right', 'left'] as const) {
    const dir = side === 'right' ? -1 : 1;
    const neck = side === 'right' ? neckRight : neckLeft;
    // The shoulder: where the shoulder line, followed out from the neck point along the silhouette's top, ends and
    // the outline falls away down the sleeve head.
    const shoulderPoint = shoulderEnd(s, neck, dir, dir > 0 ? s.right : s.left);
    out[`${side}_shoulder`] = round(shoulderPoint);
    // Where the gap under the sleeve opens (the sleeve's outline is traced round to it).
    const gap = armpit(dir);
    const pit = gap ?? sleevelessArmpit(s, dir, cx, neck.y, hemY);
    out[`${side}_armpit`] = round(underarmSeam(s, cx, shoulderPoint, gap, h) ?? pit);
    // The sleeve's outline, from the neck point round to the armpit, simplified to its corners: neck, shoulder,
    // (elbow), cuff's outer end, cuff's inner end, armpit.
    const iNeck = nearestIndex(contour, neck);
    const iPit = nearestIndex(contour, pit);
    // The contour runs clockwise: on the image's right neck → sleeve → armpit, on its left armpit → sleeve → neck.
    const [from, to] = dir > 0 ? [iNeck, iPit] : [iPit, iNeck];
    const stretch: Point[] = [];
    for (let k = from; k !== to; k = (k + 1) % contour.length) stretch.push(contour[k]!);
    if (dir < 0) stretch.reverse();
    if (stretch.length < 4) continue;
    const corners = simplify(stretch, Math.max(2, 0.02 * h));
    if (corners.length < 4) continue;
    // The cuff: of the segments after the shoulder, the one whose middle lies farthest from the sleeve's root.
    const shoulder = corners[1]!;
    const root = { x: (shoulder.x + pit.x) / 2, y: (shoulder.y + pit.y) / 2 };
    let cuff = 1;
    let farthest = -1;
    for (let i = 1; i < corners.length - 1; i++) {
      const a = corners[i]!;
      const b = corners[i + 1]!;
      const d = Math.hypot((a.x + b.x) / 2 - root.x, (a.y + b.y) / 2 - root.y);
      if (d > farthest) {
        farthest = d;
        cuff = i;
      }
    }
    const outer = corners[cuff]!;
    out[`${side}_cuff_outer`] = round(outer);
    out[`${side}_cuff_inner`] = round(corners[cuff + 1]!);
  }
  // The waist: the narrowest row of the body between the armpits and the hem.
  const pitY = Math.max(out.left_armpit?.y ?? s.top, out.right_armpit?.y ?? s.top);
  let waistY = Math.round((pitY + hemY) / 2);
  let narrowest = Infinity;
  for (let y = Math.round(pitY + (hemY - pitY) * 0.15); y < pitY + (hemY - pitY) * 0.7; y++) {
    const body = runAt(s, y, cx);
    if (body && body.end - body.start < narrowest) {
      narrowest = body.end - body.start;
      waistY = y;
    }
  }
  const waist = runAt(s, waistY, cx);
  if (waist) {
    out.right_waist = round({ x: waist.start, y: waistY });
    out.left_waist = round({ x: waist.end, y: waistY });
  }
  return out;
}

/**
 * The body's run of row y on side `dir` of the centre line: the run through it, or where the front stands open
 * there (a V neck, an open coat), the innermost run of at least 3 px on that side.
 */
function bodyRun(s: Silhouette, y: number, cx: number, dir: -1 | 1): Run | undefined {
  const runs = rowRuns(s, y);
  const through = runs.find((r) => r.start <= cx && cx <= r.end);
  if (through) return through;
  const beside = runs.filter((r) => r.end - r.start >= 2 && (dir < 0 ? r.end < cx : r.start > cx));
  return dir < 0 ? beside[beside.length - 1] : beside[0];
}

/**
 * Depth of the armhole below the shoulder point, as a share of the shoulder's distance from the centre line: where
 * a set-in sleeve's underarm seam meets the body's side seam. The sleeve hangs over that point, so the outline
 * cannot show it; this proportion of a cut places it (the demo drawings put the seam 0.76 of the drawn shoulder's
 * distance below it; the shoulder found on the outline sits a little inside the drawn one, hence 0.8).
 */
const ARMHOLE_DEPTH = 0.8;

/**
 * The underarm seam's end on the body's side: at the armhole's depth below the shoulder, on the body's side line.
 * Where the gap under the sleeve opens higher, the body's side is read off that row; where it opens lower (the
 * sleeve hangs over the seam), the side line below the gap's top is carried straight up to that row.
 */
function underarmSeam(
  s: Silhouette,
  cx: number,
  shoulder: Point,
  gap: Point | undefined,
  h: number,
): Point | undefined {
  const dir = shoulder.x > cx ? 1 : -1;
  const y = Math.round(shoulder.y + ARMHOLE_DEPTH * Math.abs(shoulder.x - cx));
  if (y <= s.top || y >= s.bottom) return undefined;
  const sideAt = (row: number): number | undefined => {
    const body = bodyRun(s, row, cx, dir);
    return body ? (dir < 0 ? body.start - 0.5 : body.end + 0.5) : undefined;
  };
  if (!gap || gap.y <= y) {
    const x = sideAt(y);
    return x === undefined ? undefined : { x, y };
  }
  // Least squares x = a + b·row over the side below the gap's top.
  const rows: [number, number][] = [];
  const from = Math.ceil(gap.y) + 2;
  for (let row = from; row <= from + Math.max(6, Math.round(0.06 * h)) && row < s.bottom; row++) {
    const x = sideAt(row);
    if (x !== undefined) rows.push([row, x]);
  }
  if (rows.length < 3) return undefined;
  const n = rows.length;
  const my = rows.reduce((a, r) => a + r[0], 0) / n;
  const mx = rows.reduce((a, r) => a + r[1], 0) / n;
  const sxy = rows.reduce((a, r) => a + (r[0] - my) * (r[1] - mx), 0);
  const syy = rows.reduce((a, r) => a + (r[0] - my) ** 2, 0) || 1;
  return { x: mx + (sxy / syy) * (y - my), y };
}

/** Without sleeves apart from the body, the armpit is the armhole's innermost point below the shoulder line. */
function sleevelessArmpit(s: Silhouette, dir: -1 | 1, cx: number, neckY: number, hemY: number): Point {
  let best: Point = { x: cx, y: neckY };
  let inward = -Infinity;
  const y0 = Math.round(neckY + (hemY - neckY) * 0.08);
  const y1 = Math.round(neckY + (hemY - neckY) * 0.35);
  for (let y = y0; y <= y1; y++) {
    const body = runAt(s, y, cx);
    if (!body) continue;
    const x = dir < 0 ? body.start : body.end;
    const depth = dir < 0 ? x : -x;
    if (depth > inward) {
      inward = depth;
      best = { x, y };
    }
  }
  return best;
}
