import { describe, expect, it } from 'vitest';
import { DEMO_GARMENTS, drawGarment, drawMannequinPose } from '../../../src/demo/art/index.ts';
import { garmentPreviewFit } from '../../../renderer/editor/index.ts';

type P = { x: number; y: number };
const apply = (m: number[], p: P): P => ({
  x: m[0]! * p.x + m[2]! * p.y + m[4]!,
  y: m[1]! * p.x + m[3]! * p.y + m[5]!,
});

/**
 * The Ingest view previews a garment known by its landmarks alone on a twin's pose. Truth: the body each demo garment
 * was drawn on, which the preview's map must carry onto the pose's own joints (the garment then sits where the render
 * puts it, not lower by the distance from the natural waist to the hip joints).
 */
describe('the fit preview of a garment from its landmarks', () => {
  for (const g of DEMO_GARMENTS) {
    it(`${g.garmentId}: the body it was drawn on lands on the pose's joints, within 3 % of the figure`, async () => {
      const [art, pose] = await Promise.all([drawGarment(g.garmentId), drawMannequinPose('front')]);
      const m = garmentPreviewFit(art.landmarks, g.category, pose.keypoints);
      expect(m).not.toBeNull();
      const errors = Object.entries(art.keypoints).map(([joint, p]) => {
        const q = pose.keypoints[joint as keyof typeof pose.keypoints]!;
        const r = apply(m!, p!);
        return Math.hypot(r.x - q.x, r.y - q.y) / pose.height;
      });
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThanOrEqual(0.03);
    });
  }

  it('no landmarks to go by: no preview', () => {
    expect(garmentPreviewFit({ neck_left: { x: 1, y: 1 } }, 'top', { left_hip: { x: 0, y: 0 } })).toBeNull();
  });
});
