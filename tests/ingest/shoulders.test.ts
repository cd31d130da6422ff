import { describe, expect, it } from 'vitest';
import { levelShoulders, type ScoredPoint } from '../../src/ingest/pose/shoulders.ts';
import { COCO17, type Coco17Name } from '../../src/twins/keypoints.schema.ts';

const W = 400;
const H = 600;

/** A silhouette: the torso's block (x 100–300) from `top` down to y 500, transparent around it. */
function silhouette(top: number): { data: Uint8Array; width: number; height: number } {
  const data = new Uint8Array(W * H * 4);
  for (let y = top; y < 500; y++) for (let x = 100; x < 300; x++) data[(y * W + x) * 4 + 3] = 255;
  return { data, width: W, height: H };
}

/** Points with both arms down: shoulders at the given heights, elbows 100 below, hips at 400. */
function points(
  leftY: number,
  rightY: number,
  overrides: Partial<Record<Coco17Name, ScoredPoint>> = {},
): ScoredPoint[] {
  const at: Partial<Record<Coco17Name, ScoredPoint>> = {
    left_shoulder: { x: 260, y: leftY, score: 0.8 },
    right_shoulder: { x: 140, y: rightY, score: 0.8 },
    left_elbow: { x: 270, y: leftY + 100, score: 0.8 },
    right_elbow: { x: 130, y: rightY + 100, score: 0.8 },
    left_hip: { x: 240, y: 400, score: 0.8 },
    right_hip: { x: 160, y: 400, score: 0.8 },
    ...overrides,
  };
  return COCO17.map((name) => at[name] ?? { x: 200, y: 50, score: 0.5 });
}

const y = (pts: readonly ScoredPoint[], name: Coco17Name): number => pts[COCO17.indexOf(name)]!.y;

describe('levelShoulders: a turned figure’s far shoulder lifted to its silhouette', () => {
  it('lifts the shoulder that lies deeper under its top to the other’s depth', () => {
    // Both tops at y 150: the right shoulder 25 under, the left 55 under (MoveNet's far shoulder).
    const out = levelShoulders(points(205, 175), silhouette(150));
    expect(y(out, 'left_shoulder')).toBeCloseTo(175, 5);
    expect(y(out, 'right_shoulder')).toBe(175);
  });

  it('leaves shoulders that lie alike under their tops as they are (the same array)', () => {
    const before = points(180, 175);
    expect(levelShoulders(before, silhouette(150))).toBe(before);
  });

  it('never lowers a shoulder: the deeper one is lifted, whichever side it is', () => {
    const out = levelShoulders(points(175, 205), silhouette(150));
    expect(y(out, 'right_shoulder')).toBeCloseTo(175, 5);
    expect(y(out, 'left_shoulder')).toBe(175);
  });

  it('moves nothing with an arm raised (the top above that shoulder may be the arm)', () => {
    const raised = points(205, 175, { left_elbow: { x: 330, y: 190, score: 0.8 } });
    expect(levelShoulders(raised, silhouette(150))).toBe(raised);
  });

  it('moves nothing where a depth is no shoulder’s (the column runs up into the head)', () => {
    // Tops at y 10: 195 and 165 under, beyond 0.35 of the torso (400 − 190 = 210).
    const before = points(205, 175);
    expect(levelShoulders(before, silhouette(10))).toBe(before);
  });

  it('moves nothing when a shoulder, an elbow or a hip is not confidently placed, or a shoulder lies off the figure', () => {
    const unsure = points(205, 175, { right_hip: { x: 160, y: 400, score: 0.2 } });
    expect(levelShoulders(unsure, silhouette(150))).toBe(unsure);
    const outside = points(205, 175, { left_shoulder: { x: 350, y: 205, score: 0.8 } });
    expect(levelShoulders(outside, silhouette(150))).toBe(outside);
  });
});
