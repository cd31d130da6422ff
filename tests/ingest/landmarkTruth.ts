import type { GarmentLandmarks } from '../../src/catalog/garmentLandmarks.ts';
import type { DemoGarmentId } from '../../src/demo/art/index.ts';

/**
 * The demo garments' true landmarks, in their images' pixels, worked out once by hand from the drawing code's
 * geometry (src/demo/art: tops.ts `teeCut` and `cutTop`, bottoms.ts `drawTrousers` and `drawPleatedSkirt`, the
 * sleeves from fabric.ts `tube`), less each image's crop origin (tee 257, 332; trousers 341, 670; skirt 250, 596).
 * Wearer's left is the image's right.
 */
export const TRUE_LANDMARKS: Partial<Record<DemoGarmentId, GarmentLandmarks>> = {
  // Neck points (CX∓50, 348), front neck (CX, 348 + 42), shoulders (CX∓156, 364), hem corners (CX∓163, 836);
  // sleeves 0.53 of the arm along shoulder→elbow, 44 px half-wide at the cuff; armpits where the sleeve's inner
  // edge (a smooth curve, so read off the drawing) leaves the body's side (CX∓137, 556).
  'tee-white': {
    neck_right: { x: 205, y: 16 },
    neck_left: { x: 305, y: 16 },
    neck_center: { x: 255, y: 58 },
    right_shoulder: { x: 99, y: 32 },
    left_shoulder: { x: 411, y: 32 },
    right_armpit: { x: 118, y: 224 },
    left_armpit: { x: 392, y: 224 },
    right_cuff_outer: { x: 12, y: 263 },
    right_cuff_inner: { x: 98, y: 279 },
    left_cuff_outer: { x: 498, y: 263 },
    left_cuff_inner: { x: 412, y: 279 },
    right_hem: { x: 92, y: 504 },
    left_hem: { x: 418, y: 504 },
  },
  // Waist (CX∓123, 686), crotch (CX, 872), leg hems at y 1466 (outer) and 1470 (inner), legs 52 px half-wide.
  'trousers-navy': {
    right_waist: { x: 48, y: 16 },
    left_waist: { x: 294, y: 16 },
    crotch: { x: 171, y: 202 },
    right_leg_hem_outer: { x: 39.5, y: 796 },
    right_leg_hem_inner: { x: 143.5, y: 800 },
    left_leg_hem_outer: { x: 302.5, y: 796 },
    left_leg_hem_inner: { x: 198.5, y: 800 },
  },
  // Waist (CX∓101, 612), hem corners (CX∓246, 1156).
  'skirt-pleated': {
    right_waist: { x: 161, y: 16 },
    left_waist: { x: 363, y: 16 },
    right_hem: { x: 16, y: 560 },
    left_hem: { x: 508, y: 560 },
  },
};
