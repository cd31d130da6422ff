import { describe, expect, it } from 'vitest';
import { DEMO_GARMENTS, drawGarment, type DemoGarmentId } from '../../src/demo/art/index.ts';
import { uprightSimilarity } from '../../src/contract/garmentBody.ts';
import { garmentKeypoints } from '../../src/catalog/garment.schema.ts';
import { garmentSkeleton, JOINTS } from '../../src/render/fit/skeleton.ts';

/**
 * A garment photographed without a body (`garment prepare`, the Ingest view) has landmarks and no body points: the
 * fit places the body from the landmarks alone. Truth: the body each demo garment was drawn on.
 */
describe('the body under a garment that names no body points', () => {
  for (const g of DEMO_GARMENTS) {
    it(`${g.garmentId}: every joint the drawing names lies within 6 % of the garment's height`, async () => {
      const drawn = await drawGarment(g.garmentId as DemoGarmentId);
      const body = garmentSkeleton(drawn.landmarks, undefined, g.category);
      expect(body).toBeDefined();
      const errors = JOINTS.filter((j) => drawn.keypoints[j]).map((j) => {
        const truth = drawn.keypoints[j]!;
        return { j, error: Math.hypot(body![j].x - truth.x, body![j].y - truth.y) / drawn.height };
      });
      expect(errors.length).toBeGreaterThanOrEqual(2);
      console.log(g.garmentId, errors.map((e) => `${e.j} ${(100 * e.error).toFixed(1)}%`).join(', '));
      for (const e of errors) expect(e.error, e.j).toBeLessThanOrEqual(0.06);
    });
  }

  // A shot may ask for the one-piece fit (`fit: 'affine'`): the render then pairs these points with the pose's, as
  // the canvas previews the garment. A cuff's centre is no wrist, nor a hem corner a hip.
  for (const g of DEMO_GARMENTS) {
    it(`${g.garmentId}: the points its one-piece fit pairs with the pose lie within 6 % of the joints it was drawn on`, async () => {
      const drawn = await drawGarment(g.garmentId as DemoGarmentId);
      const points = garmentKeypoints({ category: g.category, landmarks: drawn.landmarks, keypoints: undefined });
      const names = Object.keys(points) as (keyof typeof points)[];
      expect(names.length).toBeGreaterThanOrEqual(3);
      for (const j of names) {
        const truth = drawn.keypoints[j];
        expect(truth, `${j} is a joint the drawing names`).toBeDefined();
        const error = Math.hypot(points[j]!.x - truth!.x, points[j]!.y - truth!.y) / drawn.height;
        expect(error, j).toBeLessThanOrEqual(0.06);
      }
    });
  }

  it("a looser cut is not a bigger body: armpits and waist set out wider than the tee's move no joint", async () => {
    const tee = await drawGarment('tee-white');
    const body = garmentSkeleton(tee.landmarks, undefined, 'top')!;
    const loose = { ...tee.landmarks };
    for (const name of ['armpit', 'waist'] as const) {
      loose[`left_${name}`] = { x: loose[`left_${name}`]!.x + 30, y: loose[`left_${name}`]!.y };
      loose[`right_${name}`] = { x: loose[`right_${name}`]!.x - 30, y: loose[`right_${name}`]!.y };
    }
    const looser = garmentSkeleton(loose, undefined, 'jacket')!;
    for (const j of JOINTS) {
      expect(looser[j].x, j).toBeCloseTo(body[j].x, 6);
      expect(looser[j].y, j).toBeCloseTo(body[j].y, 6);
    }
  });

  it('an upright similarity: one scale and a shift, fitted in the least-squares sense', () => {
    const from = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 0, y: 20 },
    ];
    const place = uprightSimilarity(
      from,
      from.map((p) => ({ x: 2 * p.x + 5, y: 2 * p.y - 3 })),
    );
    expect(place({ x: 100, y: 50 })).toEqual({ x: 205, y: 97 });
    // Stretched one way only, it takes the scale between the two, never a shear or a squash.
    const wide = uprightSimilarity(
      from,
      from.map((p) => ({ x: 3 * p.x, y: p.y })),
    );
    const q = wide({ x: 10, y: 10 });
    expect(q.x - wide({ x: 0, y: 10 }).x).toBeCloseTo(q.y - wide({ x: 10, y: 0 }).y);
    // A point whose x is weighted 0 places nothing sideways: the scale comes from the rest.
    const weighted = uprightSimilarity(
      [...from, { x: 10, y: 20 }],
      [...from.map((p) => ({ x: 2 * p.x + 5, y: 2 * p.y - 3 })), { x: 500, y: 37 }],
      [...from.map(() => ({ x: 1, y: 1 })), { x: 0, y: 1 }],
    );
    const placed = weighted({ x: 100, y: 50 });
    expect(placed.x).toBeCloseTo(205, 9);
    expect(placed.y).toBeCloseTo(97, 9);
  });
});
