import { z } from 'zod';
import { previewBodyPoints } from '../contract/garmentBody.ts';
import { GARMENT_CATEGORIES } from '../contract/shot.wire.ts';
import { COCO17, type Coco17Name, type Keypoints, type Point, keypointsSchema } from '../twins/keypoints.schema.ts';
import {
  GARMENT_LANDMARKS,
  type GarmentLandmarkName,
  type GarmentLandmarks,
  REQUIRED_LANDMARKS,
  garmentLandmarksSchema,
} from './garmentLandmarks.ts';

export { GARMENT_CATEGORIES };
export type GarmentCategory = (typeof GARMENT_CATEGORIES)[number];

const common = {
  garmentId: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/),
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(120),
  category: z.enum(GARMENT_CATEGORIES),
  layer: z.enum(['under', 'over']),
  image: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
};

/** The COCO-17 body points this garment covers, in the garment image's pixels; at least three for a TPS fit. */
const coveredKeypoints = keypointsSchema.refine(
  (k) => Object.keys(k).length >= 3,
  'a garment needs at least three keypoints',
);

/** `garment.json` of the first format: COCO keypoints only (one rigid fit for the whole garment). */
export const garmentV1Schema = z
  .object({ format: z.literal('garment/1'), ...common, keypoints: coveredKeypoints })
  .strict();

/**
 * `garment.json` of the current format: the garment's construction landmarks (src/catalog/garmentLandmarks.ts), all
 * those its category requires; the COCO keypoints of the body it was photographed on are optional (they refine the
 * fit where the landmarks leave the joints open).
 */
export const garmentV2Schema = z
  .object({
    format: z.literal('garment/2'),
    ...common,
    landmarks: garmentLandmarksSchema,
    keypoints: keypointsSchema.optional(),
  })
  .strict()
  .superRefine((g, ctx) => {
    const missing = REQUIRED_LANDMARKS[g.category].filter((n) => g.landmarks[n] === undefined);
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['landmarks'],
        message: `a ${g.category} needs the landmarks ${missing.join(', ')}`,
      });
  });

export type GarmentV1 = z.infer<typeof garmentV1Schema>;

/**
 * A `garment/1` file after migration, as the catalog stores it: the current format, marked with where it came from;
 * its landmarks may miss some its category needs (then it is fitted the old way, rigidly: `hasRequiredLandmarks`).
 */
const migratedSchema = z
  .object({
    format: z.literal('garment/2'),
    migratedFrom: z.literal('garment/1'),
    ...common,
    landmarks: garmentLandmarksSchema,
    keypoints: coveredKeypoints,
  })
  .strict();

/** A garment as the studio holds it: always the current format. */
export type Garment = z.infer<typeof garmentV2Schema> & { migratedFrom?: 'garment/1' };

/** The COCO joints that are garment landmarks of the same name and meaning. */
const JOINT_LANDMARKS = GARMENT_LANDMARKS.filter((n): n is GarmentLandmarkName & Coco17Name =>
  (COCO17 as readonly string[]).includes(n),
);

/** A `garment/1` file read as the current format: landmarks taken from its keypoints where the names agree. */
export function migrateGarmentV1(g: GarmentV1): Garment {
  const landmarks: GarmentLandmarks = {};
  for (const n of JOINT_LANDMARKS) if (g.keypoints[n]) landmarks[n] = g.keypoints[n];
  return { ...g, format: 'garment/2', migratedFrom: 'garment/1', landmarks };
}

/** Whether the garment carries every landmark its category needs for the articulated fit. */
export function hasRequiredLandmarks(g: Pick<Garment, 'category' | 'landmarks'>): boolean {
  return REQUIRED_LANDMARKS[g.category].every((n) => g.landmarks[n] !== undefined);
}

/** `garment.json`, beside `garment.png` (RGBA, the garment laid flat or on a form): either format, read as the current one. */
export const garmentSchema = z
  .union([garmentV2Schema, garmentV1Schema, migratedSchema])
  .transform((g): Garment => (g.format === 'garment/1' ? migrateGarmentV1(g) : g));

const mid = (a: Point | undefined, b: Point | undefined): Point | undefined =>
  a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : undefined;

/**
 * The body points a garment covers: its own keypoints; or (a `garment/2` file without them) the body its landmarks
 * place (`previewBodyPoints`: the body the articulated fit places, at the joints the garment's body spans — the
 * points the canvas previews it by and a one-piece fit pairs with the pose's); or, where they place none, the joints
 * its landmarks name, with wrists and ankles at the middle of cuffs and leg hems.
 */
export function garmentKeypoints(g: Pick<Garment, 'category' | 'keypoints' | 'landmarks'>): Keypoints {
  if (g.keypoints && Object.keys(g.keypoints).length >= 3) return g.keypoints;
  const placed = previewBodyPoints(g.landmarks, g.category);
  if (Object.keys(placed).length >= 3) return placed;
  const l = g.landmarks;
  const k: Keypoints = {};
  for (const n of JOINT_LANDMARKS) if (l[n]) k[n] = l[n];
  const extra = {
    left_wrist: mid(l.left_cuff_outer, l.left_cuff_inner),
    right_wrist: mid(l.right_cuff_outer, l.right_cuff_inner),
    left_ankle: mid(l.left_leg_hem_outer, l.left_leg_hem_inner),
    right_ankle: mid(l.right_leg_hem_outer, l.right_leg_hem_inner),
  };
  for (const [n, p] of Object.entries(extra)) if (p) k[n as keyof Keypoints] = p;
  return k;
}
