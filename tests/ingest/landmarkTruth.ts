import { REQUIRED_LANDMARKS, type GarmentLandmarks } from '../../src/catalog/garmentLandmarks.ts';
import { DEMO_GARMENTS, drawGarment, type DemoGarmentId } from '../../src/demo/art/index.ts';

/**
 * The demo garments' true landmarks: the construction points their drawing code places (src/demo/art, the same
 * points the render's articulated fit uses), restricted to those the garment's category requires, in the image's
 * pixels. Taken from the drawing itself, so the truth follows every redraw. Wearer's left is the image's right.
 */
export async function trueLandmarks(id: DemoGarmentId): Promise<GarmentLandmarks> {
  const art = await drawGarment(id);
  const category = DEMO_GARMENTS.find((g) => g.garmentId === id)!.category;
  const truth: GarmentLandmarks = {};
  for (const name of REQUIRED_LANDMARKS[category]) {
    const p = art.landmarks[name];
    if (!p) throw new Error(`the drawing of ${id} places no ${name}, which a ${category} requires`);
    truth[name] = p;
  }
  return truth;
}

/** The bar: every required landmark within 3 % of the garment's height of the drawing's own. */
export const LANDMARK_BAR = 0.03;

/**
 * Garments whose suggested landmarks do not yet meet the bar, with the worst distance measured on the clean drawing
 * (share of the garment's height) and why. They are not tested against a looser bar: the gap stays visible here.
 */
export const KNOWN_SHORT: Partial<Record<DemoGarmentId, { worst: number; why: string }>> = {};

/** Distance of each true landmark from the suggested one, as a share of `height`; a missing suggestion is 1. */
export function landmarkErrors(
  truth: GarmentLandmarks,
  found: GarmentLandmarks,
  height: number,
  offset = { x: 0, y: 0 },
): { name: string; error: number }[] {
  return Object.entries(truth).map(([name, t]) => {
    const p = found[name as keyof GarmentLandmarks];
    const error = p ? Math.hypot(p.x - (t.x + offset.x), p.y - (t.y + offset.y)) / height : 1;
    return { name, error };
  });
}
