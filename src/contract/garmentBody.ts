/**
 * The body under a garment that names no body points (a product photo shows none): placed from the garment's
 * landmarks. Pure: the render's articulated fit (src/render/fit/skeleton.ts), the Compose canvas (through the
 * library's garment view) and the Ingest view's fit preview all place a garment by it, so what they preview is the
 * body the render fits to.
 */
type P = { x: number; y: number };

/** The twelve body joints (COCO-17 without the face; left and right are the wearer's). */
export const BODY_JOINTS = [
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
] as const;
export type BodyJoint = (typeof BODY_JOINTS)[number];
export type Body = Record<BodyJoint, P>;

/** Both sides of a body symmetric about x = 0, from the wearer's left side's points (on the image's right). */
function bothSides<K extends string>(left: Record<K, P>): Record<`left_${K}` | `right_${K}`, P> {
  const out: Record<string, P> = {};
  for (const [part, p] of Object.entries<P>(left)) {
    out[`left_${part}`] = p;
    out[`right_${part}`] = { x: -p.x, y: p.y };
  }
  return out as Record<`left_${K}` | `right_${K}`, P>;
}

/**
 * A standing body seen from the front (the wearer's left on the image's right, y down): what a garment without its
 * own body keypoints is measured against (CANONICAL_LANDMARKS: where a fitted garment's landmarks lie on it).
 */
export const CANONICAL_JOINTS: Body = bothSides({
  shoulder: { x: 140, y: 382 },
  elbow: { x: 203, y: 619 },
  wrist: { x: 236, y: 823 },
  hip: { x: 74, y: 770 },
  knee: { x: 87, y: 1102 },
  ankle: { x: 80, y: 1440 },
});

/**
 * Landmarks whose place on the body does not depend on the garment's cut (lengths and widths do); and the waist,
 * without which a skirt (waist and hem only) could not be placed on a body at all: at the natural waist, or for
 * trousers and shorts a mid rise (RISE_DROP lower). A higher or lower waistband comes out at that height; a garment
 * whose body points are known (its own keypoints) is placed by them instead.
 */
const CANONICAL_LANDMARKS: Record<string, P> = {
  // The neckline's sides are named side last.
  neck_left: { x: 52, y: 346 },
  neck_right: { x: -52, y: 346 },
  ...bothSides({
    shoulder: { x: 158, y: 352 },
    armpit: { x: 130, y: 470 },
    waist: { x: 105, y: 612 },
  }),
  crotch: { x: 0, y: 850 },
};
const RISE_DROP = 74;
const HEM_BELOW_ANKLE = 26;
const LOW_WAISTED: readonly string[] = ['trousers', 'shorts'];

/**
 * The body the garment was laid out on, in the garment image's pixels, from its landmarks alone: carried from the
 * canonical body by the upright similarity that best takes the canonical landmarks (and, for its category, waist and
 * leg hems) onto the garment's. Undefined with fewer than two landmarks to go by.
 */
export function bodyFromLandmarks(landmarks: Partial<Record<string, P>>, category: string): Body | undefined {
  // Landmarks sit on the upper body (or the waist and crotch) while the body reaches to the ankles: a spline, or even
  // an affine map, fitted to them stretches the far joints without bound; one scale does not.
  const dest: P[] = [];
  const src: P[] = [];
  const drop = LOW_WAISTED.includes(category) ? RISE_DROP : 0;
  const weights: { x: number; y: number }[] = [];
  // A cut decides how far out the armpits and the waist sit (a jacket's are wider than a tee's), not how high: with
  // the shoulders to give the width, theirs are left out of the scale and the sideways place.
  const widthFromShoulders = landmarks.left_shoulder !== undefined && landmarks.right_shoulder !== undefined;
  for (const [name, p] of Object.entries(CANONICAL_LANDMARKS)) {
    const q = landmarks[name];
    if (q) {
      dest.push(name.endsWith('_waist') ? { x: p.x, y: p.y + drop } : p);
      src.push(q);
      const cutWidth = widthFromShoulders && (name.endsWith('_armpit') || name.endsWith('_waist'));
      weights.push({ x: cutWidth ? 0 : 1, y: 1 });
    }
  }
  // Full-length trousers end just below the ankles: their leg hems carry the legs' length, which waist and crotch
  // alone cannot (a cropped leg comes out longer than it is, as a low-rise waist comes out higher).
  if (category === 'trousers') {
    for (const side of ['left', 'right'] as const) {
      const outer = landmarks[`${side}_leg_hem_outer`];
      const inner = landmarks[`${side}_leg_hem_inner`];
      if (!outer || !inner) continue;
      const ankle = CANONICAL_JOINTS[`${side}_ankle`];
      dest.push({ x: ankle.x, y: ankle.y + HEM_BELOW_ANKLE });
      src.push({ x: (outer.x + inner.x) / 2, y: (outer.y + inner.y) / 2 });
      weights.push({ x: 1, y: 1 });
    }
  }
  if (dest.length < 2) return undefined;
  const place = uprightSimilarity(dest, src, weights);
  return Object.fromEntries(BODY_JOINTS.map((j) => [j, place(CANONICAL_JOINTS[j])])) as Body;
}

/**
 * The joints a garment of `category` is placed on in one fit: those its body spans, whose place the garment itself
 * shows. Sleeves and legs follow the limbs in the articulated fit, not in one fit.
 */
function previewJoints(category: string): readonly BodyJoint[] {
  if (LOW_WAISTED.includes(category))
    return ['left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'];
  if (category === 'skirt') return ['left_hip', 'right_hip', 'left_knee', 'right_knee'];
  return ['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'];
}

/**
 * The body points a garment known by its landmarks alone is placed by in one fit (the compose canvas's and the Ingest
 * view's previews, a shot's one-piece fit through `garmentKeypoints`): the body the articulated fit places
 * (`bodyFromLandmarks`), at the joints its body spans; none where the landmarks place no body.
 */
export function previewBodyPoints(landmarks: Partial<Record<string, P>>, category: string): Partial<Body> {
  const body = bodyFromLandmarks(landmarks, category);
  return body ? Object.fromEntries(previewJoints(category).map((j) => [j, body[j]])) : {};
}

const FULL_WEIGHT = { x: 1, y: 1 } as const;

/**
 * The least-squares map `p ↦ s·p + t` (one scale, no rotation) taking `from` onto `to`, each point's x and y weighted
 * by `weights` (1 each when not given; a point whose x is weighted 0 places nothing sideways).
 */
export function uprightSimilarity(
  from: readonly P[],
  to: readonly P[],
  weights?: readonly { x: number; y: number }[],
): (p: P) => P {
  const n = from.length;
  const w = (i: number) => weights?.[i] ?? FULL_WEIGHT;
  let wx = 0;
  let wy = 0;
  const a = { x: 0, y: 0 };
  const b = { x: 0, y: 0 };
  for (let i = 0; i < n; i++) {
    wx += w(i).x;
    wy += w(i).y;
    a.x += w(i).x * from[i]!.x;
    a.y += w(i).y * from[i]!.y;
    b.x += w(i).x * to[i]!.x;
    b.y += w(i).y * to[i]!.y;
  }
  a.x /= wx || 1;
  a.y /= wy || 1;
  b.x /= wx || 1;
  b.y /= wy || 1;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = from[i]!.x - a.x;
    const dy = from[i]!.y - a.y;
    num += w(i).x * dx * (to[i]!.x - b.x) + w(i).y * dy * (to[i]!.y - b.y);
    den += w(i).x * dx * dx + w(i).y * dy * dy;
  }
  const scale = den > 0 ? num / den : 1;
  return (p) => ({ x: b.x + scale * (p.x - a.x), y: b.y + scale * (p.y - a.y) });
}
