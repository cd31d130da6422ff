import type { Point } from '../tps.ts';
import { add, clamp, dot, len, lerp, mid, mul, perp, smoothstep, sub, unit } from './geometry.ts';
import type { Side, Skeleton } from './skeleton.ts';

/**
 * The torso's half depth as a share of the shoulders' half width, down the torso (0 at the shoulders, 1 at the hips):
 * how far the front swings out on a turn. The neck's base is shallow, the chest deep.
 */
const torsoDepth = (v: number): number => 0.25 + 0.3 * smoothstep(0, 0.3, v);
/** A turn smaller than this (sine) keeps both sleeves over the torso. */
export const FAR_SIDE_MIN_SINE = 0.2;

/**
 * How the body is turned, read from the keypoints alone: the shoulders look narrower than the garment's body
 * (`cos`), and the nose moves off the shoulders' middle towards the far side (`sin`: positive when the wearer's left,
 * the image's right on a frontal pose, turns away).
 */
export interface Turn {
  cos: number;
  sin: number;
  /** The side turned away, where the turn is large enough to show it (its sleeve goes behind the torso). */
  far: Side | undefined;
}

/** The torso as a frame: shoulder line on top, hip line below, one lateral unit per half width at each height. */
interface TorsoFrame {
  top: Point;
  bottom: Point;
  length: number;
  down: Point;
  across: Point;
  halfTop: number;
  halfBottom: number;
  /** Shoulder line and hip line, right to left. */
  shoulders: Point;
  hips: Point;
}

function torsoFrame(k: Skeleton): TorsoFrame {
  const top = mid(k.left_shoulder, k.right_shoulder);
  const bottom = mid(k.left_hip, k.right_hip);
  const down = unit(sub(bottom, top));
  const shoulders = sub(k.left_shoulder, k.right_shoulder);
  const across = unit(sub(shoulders, mul(down, dot(shoulders, down))));
  const hips = sub(k.left_hip, k.right_hip);
  return {
    top,
    bottom,
    length: Math.max(len(sub(bottom, top)), 1e-6),
    down,
    across,
    halfTop: Math.abs(dot(shoulders, across)) / 2,
    halfBottom: Math.abs(dot(hips, across)) / 2,
    shoulders,
    hips,
  };
}

const halfAt = (f: TorsoFrame, v: number): number => f.halfTop + (f.halfBottom - f.halfTop) * clamp(v, 0, 1);

/** The turn of the body from its keypoints, against the garment's own (frontal) proportions. */
export function readTurn(garment: Skeleton, body: Skeleton, nose: Point | undefined): Turn {
  const g = torsoFrame(garment);
  const b = torsoFrame(body);
  const ratio = (f: TorsoFrame): number => (2 * f.halfTop) / f.length;
  const cos = clamp(ratio(b) / Math.max(ratio(g), 1e-6), 0.25, 1);
  const lean = nose ? dot(sub(nose, b.top), b.across) / Math.max(b.halfTop, 1e-6) : 0;
  const sin = Math.sign(lean) * Math.sqrt(1 - cos * cos) * smoothstep(0, 0.08, Math.abs(lean));
  const far = Math.abs(sin) < FAR_SIDE_MIN_SINE ? undefined : sin > 0 ? 'left' : 'right';
  return { cos, sin, far };
}

/** Garment pixel → output pixel, part by part. */
export interface BodyMap {
  turn: Turn;
  /** The torso, hem and skirt: shoulders to hips, turned, the part below the hips following the legs. */
  torso(p: Point): Point;
  /** Along the arm: shoulder → elbow → wrist. */
  arm(side: Side, p: Point): Point;
  /** Along the leg: hip → knee → ankle. */
  leg(side: Side, p: Point): Point;
  /** Where p lies down the garment's torso: 0 at the shoulders, 1 at the hips. */
  level(p: Point): number;
  /** Body size over garment size (the torso's length). */
  scale: number;
}

const ARMS = {
  left: ['left_shoulder', 'left_elbow', 'left_wrist'],
  right: ['right_shoulder', 'right_elbow', 'right_wrist'],
} as const;
const LEGS = {
  left: ['left_hip', 'left_knee', 'left_ankle'],
  right: ['right_hip', 'right_knee', 'right_ankle'],
} as const;

/** p placed along bone a→b of the garment (how far along, how far beside), put at the same place on bone c→d. */
function boneMap(a: Point, b: Point, c: Point, d: Point, scale: number, p: Point): Point {
  const ab = sub(b, a);
  const l = Math.max(len(ab), 1e-9);
  const t = dot(sub(p, a), ab) / (l * l);
  const offset = dot(sub(p, a), perp(ab)) / l;
  const cd = sub(d, c);
  return add(add(c, mul(cd, t)), mul(unit(perp(cd)), offset * scale));
}

/**
 * Two bones (shoulder → elbow → wrist, hip → knee → ankle): p is placed along each bone and put at the same place on
 * the body's, the offset scaled by `scale` (a foreshortened limb keeps its girth); the two are blended across the
 * middle joint, along the line that halves its angle, so the cloth bends there without tearing.
 */
function chainMap(from: readonly Point[], to: readonly Point[], scale: number, p: Point): Point {
  const [a, j, b] = from as [Point, Point, Point];
  const [c, k, d] = to as [Point, Point, Point];
  const upper = boneMap(a, j, c, k, scale, p);
  const lower = boneMap(j, b, k, d, scale, p);
  const reach = 0.2 * Math.min(len(sub(j, a)), len(sub(b, j)));
  const w = smoothstep(-reach, reach, dot(sub(p, j), unit(add(unit(sub(j, a)), unit(sub(b, j))))));
  return lerp(upper, lower, w);
}

export function bodyMap(garment: Skeleton, body: Skeleton, nose: Point | undefined): BodyMap {
  const g = torsoFrame(garment);
  const b = torsoFrame(body);
  const turn = readTurn(garment, body, nose);
  const scale = b.length / g.length;
  const level = (p: Point): number => dot(sub(p, g.top), g.down) / g.length;
  const chain = (k: Skeleton, names: readonly (keyof Skeleton)[]): Point[] => names.map((n) => k[n]);

  /** The turned torso frame alone. */
  const frame = (p: Point): Point => {
    const v = level(p);
    const u = dot(sub(p, g.top), g.across) / Math.max(halfAt(g, v), 1e-6);
    const half = halfAt(b, v);
    const across = unit(lerp(b.shoulders, b.hips, clamp(v, 0, 1)));
    const bulge = torsoDepth(v) * Math.sqrt(Math.max(0, 1 - u * u));
    const x = half * u + (half / turn.cos) * bulge * turn.sin;
    return add(lerp(b.top, b.bottom, v), mul(across, x));
  };

  /** Where the leg puts the garment's leg line at level v, less where the torso frame alone would. */
  const legShift = (side: Side, v: number): Point => {
    const from = chain(garment, LEGS[side]);
    const to = chain(body, LEGS[side]);
    let i = 0;
    while (i < from.length - 2 && level(from[i + 1] as Point) < v) i++;
    const v0 = level(from[i] as Point);
    const v1 = level(from[i + 1] as Point);
    const t = Math.max(0, (v - v0) / Math.max(v1 - v0, 1e-6));
    const onGarment = lerp(from[i] as Point, from[i + 1] as Point, t);
    return sub(lerp(to[i] as Point, to[i + 1] as Point, t), frame(onGarment));
  };

  const torso = (p: Point): Point => {
    const base = frame(p);
    const v = level(p);
    const r = smoothstep(0.85, 1.35, v);
    if (r === 0) return base;
    const u = dot(sub(p, g.top), g.across) / Math.max(halfAt(g, v), 1e-6);
    const w = smoothstep(-1, 1, u);
    const shift = add(mul(legShift('left', v), w), mul(legShift('right', v), 1 - w));
    return add(base, mul(shift, r));
  };

  return {
    turn,
    torso,
    arm: (side, p) => chainMap(chain(garment, ARMS[side]), chain(body, ARMS[side]), scale, p),
    leg: (side, p) => chainMap(chain(garment, LEGS[side]), chain(body, LEGS[side]), scale, p),
    level,
    scale,
  };
}
