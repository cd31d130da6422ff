import { z } from 'zod';
import { pointSchema } from '../twins/keypoints.schema.ts';
import type { GarmentCategory } from './garment.schema.ts';

/**
 * Garment landmarks: construction points of a garment, in the garment image's pixels, that the articulated fit maps
 * part by part onto the body. "Left" and "right" are the wearer's, as in COCO (on a garment photographed from the
 * front, the wearer's left lies on the image's right).
 */
export const GARMENT_LANDMARKS = [
  'neck_center',
  'neck_left',
  'neck_right',
  'left_shoulder',
  'right_shoulder',
  'left_armpit',
  'right_armpit',
  'left_elbow',
  'right_elbow',
  'left_cuff_outer',
  'left_cuff_inner',
  'right_cuff_outer',
  'right_cuff_inner',
  'left_waist',
  'right_waist',
  'left_hip',
  'right_hip',
  'left_hem',
  'right_hem',
  'crotch',
  'left_knee',
  'right_knee',
  'left_leg_hem_outer',
  'left_leg_hem_inner',
  'right_leg_hem_outer',
  'right_leg_hem_inner',
] as const;

export type GarmentLandmarkName = (typeof GARMENT_LANDMARKS)[number];

/** Some landmarks by name, in the garment image's pixels. */
export const garmentLandmarksSchema = z.partialRecord(z.enum(GARMENT_LANDMARKS), pointSchema);
export type GarmentLandmarks = z.infer<typeof garmentLandmarksSchema>;

const TORSO = ['neck_center', 'neck_left', 'neck_right', 'left_shoulder', 'right_shoulder'] as const;
const SLEEVES = [
  'left_armpit',
  'right_armpit',
  'left_cuff_outer',
  'left_cuff_inner',
  'right_cuff_outer',
  'right_cuff_inner',
] as const;
const HEM = ['left_hem', 'right_hem'] as const;
const WAIST = ['left_waist', 'right_waist'] as const;
const LEGS = [
  'crotch',
  'left_leg_hem_outer',
  'left_leg_hem_inner',
  'right_leg_hem_outer',
  'right_leg_hem_inner',
] as const;

/**
 * The landmarks a garment of each category must carry for the articulated fit (more are welcome: elbows, knees,
 * hips refine it). Tops and one-pieces are fitted from neckline, shoulders, armpits, cuffs and hem; bottoms from
 * the waist down.
 */
export const REQUIRED_LANDMARKS: Record<GarmentCategory, readonly GarmentLandmarkName[]> = {
  top: [...TORSO, ...SLEEVES, ...HEM],
  knitwear: [...TORSO, ...SLEEVES, ...HEM],
  jacket: [...TORSO, ...SLEEVES, ...HEM],
  coat: [...TORSO, ...SLEEVES, ...HEM],
  dress: [...TORSO, 'left_armpit', 'right_armpit', ...WAIST, ...HEM],
  swimwear: [...TORSO, 'left_armpit', 'right_armpit', ...HEM],
  lingerie: [...TORSO, 'left_armpit', 'right_armpit', ...HEM],
  skirt: [...WAIST, ...HEM],
  trousers: [...WAIST, ...LEGS],
  shorts: [...WAIST, ...LEGS],
};
