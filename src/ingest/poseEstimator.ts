import type { Coco17Name } from '../twins/keypoints.schema.ts';

/** An RGBA image in memory: straight (not premultiplied) alpha, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * One estimated body point in the image's pixels. `visibility` is what the estimator believes of the point:
 * `visible` (seen), `occluded` (placed, but hidden behind the body or a garment); a point it cannot place at all is
 * left out. `confidence` is the estimator's score, 0…1.
 */
export interface EstimatedKeypoint {
  x: number;
  y: number;
  visibility: 'visible' | 'occluded';
  confidence: number;
}

export type EstimatedKeypoints = Partial<Record<Coco17Name, EstimatedKeypoint>>;

/**
 * Body keypoints for one person in a photo or cut-out (src/ingest/pose implements it on onnxruntime-node). Left and
 * right are the person's own, as in COCO.
 */
export interface PoseEstimator {
  estimate(image: RgbaImage, options?: { signal?: AbortSignal }): Promise<EstimatedKeypoints>;
  dispose(): Promise<void>;
}
