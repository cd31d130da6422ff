import { COCO17 } from '../../twins/keypoints.schema.ts';
import type { Coco17Name, Point } from '../../twins/keypoints.schema.ts';

/**
 * The mannequin's skeleton. Joints live in 3-D body space (x right on the image for the front pose,
 * y down, z towards the camera), are posed by forward kinematics and projected orthographically with a
 * body yaw and a slight camera pitch. The drawing is built from the projected joints, so the keypoints
 * sit on the drawn joints by construction.
 */

export type PoseId = 'front' | 'three-quarter' | 'walking';
export const DEMO_POSES: readonly PoseId[] = ['front', 'three-quarter', 'walking'];

export const CANVAS = { width: 1024, height: 1536 } as const;
export const CENTER_X = 512;
/** Where the planted ankle lands on the canvas in every pose. */
export const ANKLE_Y = 1440;

type V3 = { x: number; y: number; z: number };
type Side = 'left' | 'right';

/** Segment lengths and girths in pixels (~1350 px feet to crown, ~7.5 heads). */
export const BODY = {
  head: { center: { x: 0, y: 212, z: 0 }, rx: 64, ry: 89 },
  neckTop: { x: 0, y: 292, z: -4 },
  neckBase: { x: 0, y: 352, z: -6 },
  shoulder: { x: 140, y: 384, z: -6 },
  hip: { x: 74, y: 772, z: 0 },
  upperArm: 245,
  forearm: 205,
  hand: 122,
  thigh: 332,
  shin: 338,
  footLength: 132,
} as const;

/** Angles in degrees. abd: away from the body's midline in the frontal plane; flex: towards the camera. */
type Seg = { abd: number; flex: number };
type LimbPose = { upper: Seg; lower: Seg; end: Seg };

type PoseSpec = {
  yaw: number;
  arms: Record<Side, LimbPose>;
  legs: Record<Side, LimbPose>;
  head: { yaw: number; tilt: number };
};

const POSES: Record<PoseId, PoseSpec> = {
  front: {
    yaw: 0,
    head: { yaw: 0, tilt: 0 },
    arms: {
      left: { upper: { abd: 15, flex: 2 }, lower: { abd: 9, flex: 10 }, end: { abd: 5, flex: 12 } },
      right: { upper: { abd: 15, flex: 2 }, lower: { abd: 9, flex: 10 }, end: { abd: 5, flex: 12 } },
    },
    legs: {
      left: { upper: { abd: 2.2, flex: 0 }, lower: { abd: -1.2, flex: 0 }, end: { abd: 10, flex: 80 } },
      right: { upper: { abd: 2.2, flex: 0 }, lower: { abd: -1.2, flex: 0 }, end: { abd: 10, flex: 80 } },
    },
  },
  'three-quarter': {
    yaw: 32,
    head: { yaw: -12, tilt: 2 },
    arms: {
      left: { upper: { abd: 9, flex: -6 }, lower: { abd: 6, flex: 14 }, end: { abd: 3, flex: 14 } },
      right: { upper: { abd: 12, flex: 6 }, lower: { abd: 4, flex: 30 }, end: { abd: 2, flex: 34 } },
    },
    legs: {
      left: { upper: { abd: 3, flex: 0 }, lower: { abd: -2.5, flex: 0 }, end: { abd: 14, flex: 80 } },
      right: { upper: { abd: -2, flex: 10 }, lower: { abd: 1, flex: -6 }, end: { abd: -6, flex: 74 } },
    },
  },
  walking: {
    yaw: 14,
    head: { yaw: -6, tilt: 0 },
    arms: {
      left: { upper: { abd: 10, flex: -22 }, lower: { abd: 6, flex: -10 }, end: { abd: 4, flex: -6 } },
      right: { upper: { abd: 11, flex: 24 }, lower: { abd: 5, flex: 48 }, end: { abd: 3, flex: 50 } },
    },
    legs: {
      left: { upper: { abd: 1, flex: 24 }, lower: { abd: -1, flex: 6 }, end: { abd: 6, flex: 70 } },
      right: { upper: { abd: 2, flex: -10 }, lower: { abd: -1, flex: -36 }, end: { abd: 4, flex: 30 } },
    },
  },
};

const rad = (d: number): number => (d * Math.PI) / 180;

/** Unit direction of a segment hanging down, abducted sideways and swung forward. */
function direction(seg: Seg, side: Side): V3 {
  const s = side === 'left' ? 1 : -1;
  const a = rad(seg.abd);
  const fl = rad(seg.flex);
  return { x: s * Math.sin(a), y: Math.cos(a) * Math.cos(fl), z: Math.cos(a) * Math.sin(fl) };
}

const step = (p: V3, d: V3, l: number): V3 => ({ x: p.x + d.x * l, y: p.y + d.y * l, z: p.z + d.z * l });
const mirror = (p: V3, side: Side): V3 => (side === 'left' ? p : { ...p, x: -p.x });

/** A projected joint: screen position and depth (z > 0 nearer the camera). */
export type Joint = Point & { z: number };

export type Skeleton = {
  pose: PoseId;
  yaw: number;
  headYaw: number;
  keypoints: Record<Coco17Name, Point>;
  /** Every joint the drawing needs, projected. */
  j: Record<JointName, Joint>;
  /** Projects any body-space point with this pose's yaw, pitch and vertical offset. */
  project: (p: V3) => Joint;
};

export type JointName =
  | 'head'
  | 'neckTop'
  | 'neckBase'
  | `${Side}_${'shoulder' | 'elbow' | 'wrist' | 'fingertip' | 'hip' | 'knee' | 'ankle' | 'toe'}`;

const PITCH = 0.12;

export function buildSkeleton(pose: PoseId): Skeleton {
  const spec = POSES[pose];
  const raw: Partial<Record<JointName, V3>> = {};
  for (const side of ['left', 'right'] as const) {
    const arm = spec.arms[side];
    const sh = mirror(BODY.shoulder, side);
    const el = step(sh, direction(arm.upper, side), BODY.upperArm);
    const wr = step(el, direction(arm.lower, side), BODY.forearm);
    raw[`${side}_shoulder`] = sh;
    raw[`${side}_elbow`] = el;
    raw[`${side}_wrist`] = wr;
    raw[`${side}_fingertip`] = step(wr, direction(arm.end, side), BODY.hand);
    const leg = spec.legs[side];
    const hp = mirror(BODY.hip, side);
    const kn = step(hp, direction(leg.upper, side), BODY.thigh);
    const an = step(kn, direction(leg.lower, side), BODY.shin);
    raw[`${side}_hip`] = hp;
    raw[`${side}_knee`] = kn;
    raw[`${side}_ankle`] = an;
    raw[`${side}_toe`] = step(an, direction(leg.end, side), BODY.footLength);
  }
  raw.head = BODY.head.center;
  raw.neckTop = BODY.neckTop;
  raw.neckBase = BODY.neckBase;

  const c = Math.cos(rad(spec.yaw));
  const s = Math.sin(rad(spec.yaw));
  const rotate = (p: V3): V3 => ({ x: p.x * c + p.z * s, y: p.y, z: -p.x * s + p.z * c });
  const flat = (p: V3): Joint => {
    const r = rotate(p);
    // Low points are seen from further above (camera at hip height), so their depth shows more.
    const pitch = PITCH + 0.16 * Math.max(0, (r.y - 900) / 560);
    return { x: CENTER_X + r.x, y: r.y + r.z * pitch, z: r.z };
  };
  // The lower ankle is the planted one: put it on the common ground line.
  const lowest = Math.max(flat(raw.left_ankle as V3).y, flat(raw.right_ankle as V3).y);
  const dy = ANKLE_Y - lowest;
  const project = (p: V3): Joint => {
    const q = flat(p);
    return { x: q.x, y: q.y + dy, z: q.z };
  };
  const j = Object.fromEntries(Object.entries(raw).map(([k, p]) => [k, project(p)])) as Record<JointName, Joint>;

  // Face points on the featureless head: where a face would be, turned with the head.
  const hy = rad(spec.yaw + spec.head.yaw);
  const hc = BODY.head.center;
  const facePoint = (x: number, y: number, z: number): Point => {
    const p = project({
      x: hc.x + x * Math.cos(hy) + z * Math.sin(hy),
      y: hc.y + y,
      z: hc.z - x * Math.sin(hy) + z * Math.cos(hy),
    });
    return { x: p.x, y: p.y };
  };
  const face: Partial<Record<Coco17Name, Point>> = {
    nose: facePoint(0, 26, 62),
    left_eye: facePoint(24, -2, 54),
    right_eye: facePoint(-24, -2, 54),
    left_ear: facePoint(60, 4, -4),
    right_ear: facePoint(-60, 4, -4),
  };
  const keypoints = Object.fromEntries(
    COCO17.map((name) => {
      const p = face[name] ?? j[name as JointName];
      return [name, { x: round2(p.x), y: round2(p.y) }];
    }),
  ) as Record<Coco17Name, Point>;
  return { pose, yaw: spec.yaw, headYaw: spec.yaw + spec.head.yaw, keypoints, j, project };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Torso cross-sections, neck to crotch: half width, half depth and forward offset of the centre. */
export const TORSO: readonly { y: number; a: number; b: number; cz: number }[] = [
  { y: 344, a: 36, b: 34, cz: -6 },
  { y: 360, a: 84, b: 46, cz: -6 },
  { y: 376, a: 124, b: 56, cz: -4 },
  { y: 398, a: 138, b: 64, cz: 0 },
  { y: 446, a: 121, b: 76, cz: 4 },
  { y: 492, a: 116, b: 84, cz: 10 },
  { y: 540, a: 103, b: 76, cz: 6 },
  { y: 604, a: 89, b: 66, cz: 0 },
  { y: 672, a: 106, b: 72, cz: 0 },
  { y: 740, a: 128, b: 80, cz: -2 },
  { y: 796, a: 139, b: 80, cz: -4 },
];
export const CROTCH_Y = 850;

/** The torso's half width at a height, front pose (what garments are sized from). */
export function torsoHalfWidth(y: number): number {
  const first = TORSO[0] as (typeof TORSO)[number];
  if (y <= first.y) return first.a;
  for (let i = 1; i < TORSO.length; i++) {
    const p = TORSO[i - 1] as (typeof TORSO)[number];
    const q = TORSO[i] as (typeof TORSO)[number];
    if (y <= q.y) return p.a + ((q.a - p.a) * (y - p.y)) / (q.y - p.y);
  }
  return (TORSO[TORSO.length - 1] as (typeof TORSO)[number]).a;
}

/** Radius profiles along each limb segment: [t along the segment, radius]. */
export const LIMBS = {
  upperArm: [
    [0, 41],
    [0.18, 37],
    [0.5, 32],
    [0.85, 27],
    [1, 26],
  ],
  forearm: [
    [0, 26],
    [0.25, 28],
    [0.6, 23],
    [1, 18],
  ],
  hand: [
    [0, 18],
    [0.28, 24],
    [0.6, 22],
    [0.85, 17],
    [1, 9],
  ],
  thigh: [
    [0, 66],
    [0.2, 64],
    [0.55, 53],
    [0.88, 41],
    [1, 39],
  ],
  shin: [
    [0, 38],
    [0.18, 42],
    [0.4, 39],
    [0.8, 26],
    [1, 22],
  ],
  foot: [
    [0, 24],
    [0.4, 29],
    [0.8, 31],
    [1, 21],
  ],
  neck: [
    [0, 42],
    [0.5, 37],
    [1, 36],
  ],
} as const satisfies Record<string, readonly (readonly [number, number])[]>;
