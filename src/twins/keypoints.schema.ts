import { z } from 'zod';
import { BODY_JOINTS } from '../contract/garmentBody.ts';

/**
 * The 17 COCO body keypoints, in COCO's order: the face's five, then the twelve body joints. Poses, garments and the
 * TPS fit all speak these names.
 */
export const COCO17 = ['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', ...BODY_JOINTS] as const;

export type Coco17Name = (typeof COCO17)[number];

export const pointSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();
export type Point = z.infer<typeof pointSchema>;

/** Some keypoints by name, in pixel coordinates of the image they belong to. */
export const keypointsSchema = z.partialRecord(z.enum(COCO17), pointSchema);
export type Keypoints = z.infer<typeof keypointsSchema>;

/**
 * A body point of a pose: where it is and, optionally (files made before ingest lack them), what the pose estimator
 * or a person said of it: `visible`, or `occluded` (placed, but hidden behind the body or a garment), and the
 * estimator's confidence 0…1. Left and right are the person's own, as in COCO.
 */
export const posePointSchema = pointSchema
  .extend({
    visibility: z.enum(['visible', 'occluded']).optional(),
    confidence: z.number().min(0).max(1).optional(),
  })
  .strict();
export type PosePoint = z.infer<typeof posePointSchema>;

/** Every COCO-17 point present: what a pose must carry. */
export const fullKeypointsSchema = z.record(z.enum(COCO17), posePointSchema);
