import type { GarmentCategory } from '../../catalog/garment.schema.ts';
import type { GarmentLandmarks } from '../../catalog/garmentLandmarks.ts';
import type { Keypoints } from '../../twins/keypoints.schema.ts';
import { BODY_JOINTS, bodyFromLandmarks, CANONICAL_JOINTS, type BodyJoint } from '../../contract/garmentBody.ts';
import { type Point, fitTps, evalTps } from '../tps.ts';

export type Side = 'left' | 'right';
export const SIDES: readonly Side[] = ['left', 'right'];

/** The twelve body joints the fit works with: COCO's, without the face. */
export const JOINTS = BODY_JOINTS;
export type Joint = BodyJoint;
export type Skeleton = Record<Joint, Point>;

/**
 * The body the garment was laid out on, in the garment image's pixels: its own keypoints where it has them, the rest
 * carried from the canonical body by the near-affine map that best takes the canonical joints onto the garment's
 * keypoints; for a garment with fewer than two keypoints (a product photo shows no body), by the upright similarity
 * that best takes the canonical landmarks (and, for its category, waist and leg hems) onto the garment's.
 * Undefined when neither gives enough to place a body (fewer than two points in common).
 */
export function garmentSkeleton(
  landmarks: GarmentLandmarks,
  keypoints: Keypoints | undefined,
  category: GarmentCategory,
): Skeleton | undefined {
  const dest: Point[] = [];
  const src: Point[] = [];
  for (const j of JOINTS) {
    const q = keypoints?.[j];
    if (q) {
      dest.push(CANONICAL_JOINTS[j]);
      src.push(q);
    }
  }
  const out = {} as Skeleton;
  if (dest.length >= 2) {
    // A spline smoothed to its affine part; with the shear of a similarity left in (garments are drawn upright).
    const fit = fitTps(dest, src, { regularization: 1e3 });
    for (const j of JOINTS) out[j] = keypoints?.[j] ?? evalTps(fit, CANONICAL_JOINTS[j].x, CANONICAL_JOINTS[j].y);
    return out;
  }
  // No body points (at most one): the body is placed from the landmarks.
  const body = bodyFromLandmarks(landmarks, category);
  if (!body) return undefined;
  for (const j of JOINTS) out[j] = keypoints?.[j] ?? body[j];
  return out;
}

/** The pose's joints, or undefined when one the fit needs is missing. */
export function poseSkeleton(keypoints: Keypoints, toOutput: (p: Point) => Point): Skeleton | undefined {
  const out = {} as Skeleton;
  for (const j of JOINTS) {
    const p = keypoints[j];
    if (!p) return undefined;
    out[j] = toOutput(p);
  }
  return out;
}
