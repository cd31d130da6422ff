import type { GarmentCategory } from '../../catalog/garment.schema.ts';
import type { GarmentLandmarks } from '../../catalog/garmentLandmarks.ts';
import type { Keypoints } from '../../twins/keypoints.schema.ts';
import type { Pixels } from '../tensors.ts';
import type { Point } from '../tps.ts';
import { type BodyMap, bodyMap } from './bodyMap.ts';
import { dot, len, lerp, mid, projectOnChain, sideOfLine, smoothstep, sub, unit } from './geometry.ts';
import { SIDES, type Side, type Skeleton, garmentSkeleton } from './skeleton.ts';

export type PartName = 'torso' | 'legs' | 'sleeves' | 'left_sleeve' | 'right_sleeve';

/** One piece of a garment, fitted on its own: its pixels (cut from the garment image) and its control points. */
export interface GarmentPart {
  part: PartName;
  /** Straight RGBA: the garment's pixels with the part's share in their alpha, cut to where the part lies. */
  image: Pixels;
  /** Control points: where they land in the output, and where they are in `image`. */
  dest: Point[];
  src: Point[];
}

export interface ArticulateInput {
  category: GarmentCategory;
  landmarks: GarmentLandmarks;
  keypoints: Keypoints | undefined;
  /** The garment image's size in its catalog file (landmarks are in these pixels). */
  size: { width: number; height: number };
  /** The decoded image, possibly reduced from `size`. */
  image: Pixels;
}

const SLEEVED: readonly GarmentCategory[] = ['top', 'knitwear', 'jacket', 'coat'];
const LEGGED: readonly GarmentCategory[] = ['trousers', 'shorts'];
/** Control points across a part's longer side. */
const GRID = 10;

interface Sleeve {
  side: Side;
  /** Signed distance into the sleeve (garment pixels): positive inside it. */
  depth(x: number, y: number): number;
  /** The same at every pixel centre of the decoded image, row by row. */
  raster: Float32Array;
  map(p: Point): Point;
}

/** The decoded image's size and its scale from the catalog image's pixels (where landmarks are). */
interface Grid {
  width: number;
  height: number;
  sx: number;
  sy: number;
}

/** Spacing (garment pixels) of the grid a sleeve's depth is computed on; pixels between read it bilinearly. */
const FIELD_STEP = 6;

/** `fn` computed once on a grid over the image, read back bilinearly (the seams are smooth at this scale). */
function sampledField(
  fn: (p: Point) => number,
  size: { width: number; height: number },
): (x: number, y: number) => number {
  const cols = Math.ceil(size.width / FIELD_STEP) + 2;
  const rows = Math.ceil(size.height / FIELD_STEP) + 2;
  const values = new Float64Array(cols * rows);
  for (let j = 0; j < rows; j++)
    for (let i = 0; i < cols; i++) values[j * cols + i] = fn({ x: i * FIELD_STEP, y: j * FIELD_STEP });
  return (x, y) => {
    const fx = Math.min(Math.max(x / FIELD_STEP, 0), cols - 1.001);
    const fy = Math.min(Math.max(y / FIELD_STEP, 0), rows - 1.001);
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    const tx = fx - i;
    const ty = fy - j;
    const at = (di: number, dj: number): number => values[(j + dj) * cols + i + di] as number;
    return (at(0, 0) * (1 - tx) + at(1, 0) * tx) * (1 - ty) + (at(0, 1) * (1 - tx) + at(1, 1) * tx) * ty;
  };
}

/** The sleeve of one side, where the garment has one: cut from the torso by its armhole and its side seam. */
function sleeveOf(
  side: Side,
  l: GarmentLandmarks,
  k: Skeleton,
  m: BodyMap,
  size: { width: number; height: number },
  grid: Grid,
): Sleeve | undefined {
  const shoulder = l[`${side}_shoulder`];
  const armpit = l[`${side}_armpit`];
  const outer = l[`${side}_cuff_outer`];
  const inner = l[`${side}_cuff_inner`];
  if (!shoulder || !armpit || !outer || !inner) return undefined;
  const elbow = l[`${side}_elbow`] ?? k[`${side}_elbow`];
  const cuff = mid(outer, inner);
  const upper = sub(elbow, k[`${side}_shoulder`]);
  // A short sleeve ends before the elbow: its axis runs from the shoulder to its hem.
  const short = dot(sub(cuff, k[`${side}_shoulder`]), upper) < dot(upper, upper);
  const arm = short ? [k[`${side}_shoulder`], cuff] : [k[`${side}_shoulder`], elbow, cuff];
  const body = [armpit, l[`${side}_waist`], l[`${side}_hip`], l[`${side}_hem`]].filter((p): p is Point => !!p);
  const sideLine = body.length > 1 ? body : [armpit, { x: armpit.x, y: armpit.y + 1e4 }];
  const reach = 0.3 * len(sub(k[`${side}_shoulder`], k[`${side}_elbow`]));
  const centre = mid(k.left_shoulder, k.right_shoulder);
  const outward = unit(sub(k[`${side}_shoulder`], centre));
  const down = unit(sub(mid(k.left_hip, k.right_hip), centre));
  // Below the armpit, the sleeve is what lies outside the side seam (armpit, waist, hip, hem corner): `hit` is the
  // point's projection on the seam.
  const outside = (p: Point, hit: ReturnType<typeof projectOnChain>): number => {
    if (dot(sub(p, armpit), down) < 0) return Infinity;
    const q = lerp(sideLine[hit.segment] as Point, sideLine[hit.segment + 1] as Point, hit.t);
    return dot(sub(p, q), outward) >= 0 ? hit.distance : -hit.distance;
  };
  // A pixel just outside the seam line (the drawn side bulges a little between landmarks) stays with the torso
  // unless it lies nearer the arm than the side.
  const margin = 0.03 * len(sub(centre, mid(k.left_hip, k.right_hip)));
  const exact = (p: Point): number => {
    const hit = projectOnChain(sideLine, p);
    // How much nearer the arm, and the sleeve's hem (the segment between its cuff landmarks), a point lies than the
    // side seam.
    const nearer = hit.distance - projectOnChain(arm, p).distance;
    const hemEdge = hit.distance - projectOnChain([outer, inner], p).distance;
    return Math.min(
      sideOfLine(shoulder, armpit, elbow, p),
      Math.max(outside(p, hit) - margin, nearer),
      // Nothing past the sleeve's hem is sleeve, but for what lies nearer the hem than the side (by the margin): the
      // hem's own edge, where it dips below the line through the cuff's landmarks. Left to the torso, the torso's
      // warp would carry it off beside the hand as a hairline.
      Math.max(sideOfLine(outer, inner, shoulder, p) + margin, hemEdge + margin),
    );
  };
  const depth = sampledField(exact, size);
  const raster = new Float32Array(grid.width * grid.height);
  for (let y = 0, i = 0; y < grid.height; y++)
    for (let x = 0; x < grid.width; x++, i++) raster[i] = depth((x + 0.5) / grid.sx, (y + 0.5) / grid.sy);
  return {
    side,
    depth,
    raster,
    map: (p) => {
      const w = smoothstep(0, 1, sideOfLine(shoulder, armpit, elbow, p) / Math.max(reach, 1));
      const t = m.torso(p);
      const a = m.arm(side, p);
      return lerp(t, a, w);
    },
  };
}

/** Both legs below the crotch, the seat above it following the pelvis. */
function legsMap(l: GarmentLandmarks, k: Skeleton, m: BodyMap): (p: Point) => Point {
  const crotch = l.crotch ? m.level(l.crotch) : 1.2;
  const spread = 0.25 * len(sub(k.left_hip, k.right_hip));
  const chains = { left: [k.left_hip, k.left_knee, k.left_ankle], right: [k.right_hip, k.right_knee, k.right_ankle] };
  return (p) => {
    const r = smoothstep(0.9, crotch + 0.05, m.level(p));
    const t = m.torso(p);
    if (r === 0) return t;
    const toLeft = projectOnChain(chains.right, p).distance - projectOnChain(chains.left, p).distance;
    const w = smoothstep(-spread, spread, toLeft);
    const legs = lerp(m.leg('right', p), m.leg('left', p), w);
    return lerp(t, legs, r);
  };
}

interface PartPlan {
  part: PartName;
  /** The part's share of the decoded image's pixel i (row by row). */
  weight: (i: number) => number;
  map: (p: Point) => Point;
}

/** The parts bottom to top: a sleeve turned away lies under the torso, the others over it, each with a soft seam. */
function planParts(input: ArticulateInput, k: Skeleton, m: BodyMap, grid: Grid): PartPlan[] {
  const l = input.landmarks;
  const feather = Math.max(1.5, 0.012 * len(sub(mid(k.left_shoulder, k.right_shoulder), mid(k.left_hip, k.right_hip))));
  if (LEGGED.includes(input.category)) return [{ part: 'legs', weight: () => 1, map: legsMap(l, k, m) }];
  const sleeves =
    SLEEVED.includes(input.category) || (l.left_cuff_outer && l.right_cuff_outer)
      ? SIDES.map((s) => sleeveOf(s, l, k, m, input.size, grid)).filter((s): s is Sleeve => !!s)
      : [];
  if (sleeves.length === 0) return [{ part: 'torso', weight: () => 1, map: m.torso }];
  const far = sleeves.find((s) => s.side === m.turn.far);
  const near = sleeves.filter((s) => s !== far);
  // The part underneath reaches 2 feathers past the seam, so the one above fades in over cloth, not over a hole.
  const over = (s: Sleeve, i: number): number => smoothstep(-feather, feather, s.raster[i] as number);
  const under = (s: Sleeve, i: number): number =>
    smoothstep(-2 * feather - 0.5, -2 * feather + 0.5, s.raster[i] as number);
  const torso: PartPlan = {
    part: 'torso',
    weight: (i) => {
      let w = far ? 1 - over(far, i) : 1;
      for (const s of near) w *= 1 - smoothstep(2 * feather - 0.5, 2 * feather + 0.5, s.raster[i] as number);
      return w;
    },
    map: m.torso,
  };
  const parts: PartPlan[] = [];
  if (far) parts.push({ part: `${far.side}_sleeve`, weight: (i) => under(far, i), map: far.map });
  parts.push(torso);
  if (near.length === 1) {
    const s = near[0] as Sleeve;
    parts.push({ part: `${s.side}_sleeve`, weight: (i) => over(s, i), map: s.map });
  } else if (near.length === 2) {
    // Both sleeves in one layer: each pixel is mapped by the sleeve whose cloth it is.
    const [a, b] = near as [Sleeve, Sleeve];
    parts.push({
      part: 'sleeves',
      weight: (i) => Math.max(over(a, i), over(b, i)),
      map: (p) => (a.depth(p.x, p.y) >= b.depth(p.x, p.y) ? a.map(p) : b.map(p)),
    });
  }
  return parts;
}

/** The part's pixels: the garment's, its alpha times the part's share, cut to their bounds; undefined if none show. */
function cutPart(image: Pixels, weight: (i: number) => number): { image: Pixels; x0: number; y0: number } | undefined {
  const { width, height, data } = image;
  const alpha = new Uint8Array(width * height);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const a = data[4 * (y * width + x) + 3] as number;
      if (a === 0) continue;
      const v = Math.round(a * weight(y * width + x));
      if (v === 0) continue;
      alpha[y * width + x] = v;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  if (x1 < 0) return undefined;
  // One clear pixel around, as bilinear sampling reads it.
  x0 = Math.max(0, x0 - 1);
  y0 = Math.max(0, y0 - 1);
  x1 = Math.min(width - 1, x1 + 1);
  y1 = Math.min(height - 1, y1 + 1);
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const out = new Uint8Array(4 * w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const from = 4 * ((y + y0) * width + x + x0);
      const to = 4 * (y * w + x);
      out[to] = data[from] as number;
      out[to + 1] = data[from + 1] as number;
      out[to + 2] = data[from + 2] as number;
      out[to + 3] = alpha[(y + y0) * width + x + x0] as number;
    }
  return { image: { data: out, width: w, height: h, channels: 4 }, x0, y0 };
}

/** Control points on a grid over the part's opaque pixels (in the cut image), mapped onto the body. */
function controlPoints(
  cut: { image: Pixels; x0: number; y0: number },
  sx: number,
  sy: number,
  map: (p: Point) => Point,
) {
  const { image } = cut;
  const step = Math.max(2, Math.max(image.width, image.height) / GRID);
  const dest: Point[] = [];
  const src: Point[] = [];
  const opaqueNear = (cx: number, cy: number): boolean => {
    const r = Math.floor(step / 2);
    for (let y = Math.max(0, cy - r); y <= Math.min(image.height - 1, cy + r); y += Math.max(1, r >> 1))
      for (let x = Math.max(0, cx - r); x <= Math.min(image.width - 1, cx + r); x += Math.max(1, r >> 1))
        if ((image.data[4 * (y * image.width + x) + 3] as number) > 0) return true;
    return false;
  };
  for (let y = step / 2; y < image.height; y += step)
    for (let x = step / 2; x < image.width; x += step) {
      if (!opaqueNear(Math.floor(x), Math.floor(y))) continue;
      src.push({ x, y });
      dest.push(map({ x: (x + cut.x0) / sx, y: (y + cut.y0) / sy }));
    }
  return { dest, src };
}

/**
 * The articulated fit: the garment cut into its parts (torso with hem or skirt, sleeves, legs), each with the control
 * points of its own spline, bottom to top. Undefined when the garment's body cannot be placed (too few landmarks or
 * keypoints): the caller fits it whole, the old way.
 */
export function articulate(
  input: ArticulateInput,
  pose: Skeleton,
  nose: Point | undefined,
): { parts: GarmentPart[]; far: Side | undefined; body: BodyMap } | undefined {
  const k = garmentSkeleton(input.landmarks, input.keypoints, input.category);
  if (!k) return undefined;
  const m = bodyMap(k, pose, nose);
  const sx = input.image.width / input.size.width;
  const sy = input.image.height / input.size.height;
  const parts: GarmentPart[] = [];
  const grid = { width: input.image.width, height: input.image.height, sx, sy };
  for (const plan of planParts(input, k, m, grid)) {
    const cut = cutPart(input.image, plan.weight);
    if (!cut) continue;
    const { dest, src } = controlPoints(cut, sx, sy, plan.map);
    if (dest.length < 3) continue;
    parts.push({ part: plan.part, image: cut.image, dest, src });
  }
  return parts.length > 0 ? { parts, far: m.turn.far, body: m } : undefined;
}
