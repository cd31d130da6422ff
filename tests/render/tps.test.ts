import { describe, expect, it } from 'vitest';
import { evalTps, fitTps, solveLinear } from '../../src/render/tps.ts';
import { EMPTY_LAYER } from '../../src/render/feeds.ts';
import { twinInput } from '../../src/render/pipeline/renderShot.ts';
import { landingBox, tpsTensors, warpBox } from '../../src/render/warpInputs.ts';
import { rng } from '../helpers/renderFixtures.ts';

const points = [
  { x: 120, y: 80 },
  { x: 300, y: 95 },
  { x: 210, y: 260 },
  { x: 110, y: 420 },
  { x: 320, y: 410 },
  { x: 215, y: 600 },
];

describe('fitTps', () => {
  it('interpolates the keypoint pairs exactly without regularisation', () => {
    const random = rng(1);
    const src = points.map((p) => ({ x: p.x * 0.5 + random() * 20, y: p.y * 0.4 + random() * 20 }));
    const fit = fitTps(points, src, { regularization: 0 });
    points.forEach((p, i) => {
      const q = evalTps(fit, p.x, p.y);
      expect(q.x).toBeCloseTo(src[i]!.x, 8);
      expect(q.y).toBeCloseTo(src[i]!.y, 8);
    });
  });

  it('stays close to the pairs, and smoother, with regularisation', () => {
    const src = points.map((p, i) => ({ x: p.x + (i % 2 ? 6 : -6), y: p.y }));
    const fit = fitTps(points, src, { regularization: 0.05 });
    const err = Math.max(...points.map((p, i) => Math.abs(evalTps(fit, p.x, p.y).x - src[i]!.x)));
    expect(err).toBeGreaterThan(0.01);
    expect(err).toBeLessThan(6);
  });

  it('is the identity for identical pairs and an exact shift for a translation', () => {
    const id = fitTps(points, points);
    const shift = fitTps(
      points,
      points.map((p) => ({ x: p.x - 7, y: p.y + 3 })),
    );
    for (const [x, y] of [
      [0, 0],
      [517, 33],
      [250, 250],
    ] as const) {
      expect(evalTps(id, x, y).x).toBeCloseTo(x, 6);
      expect(evalTps(id, x, y).y).toBeCloseTo(y, 6);
      expect(evalTps(shift, x, y).x).toBeCloseTo(x - 7, 6);
      expect(evalTps(shift, x, y).y).toBeCloseTo(y + 3, 6);
    }
    expect(Math.max(...id.weights.map((w) => Math.abs(w.x) + Math.abs(w.y)))).toBeLessThan(1e-9);
  });

  it('falls back to a similarity for one, two or collinear points', () => {
    const two = fitTps(
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ],
      [
        { x: 5, y: 5 },
        { x: 5, y: 25 },
      ],
    );
    // 90° rotation, scale 2: (10, 0) → (5, 25); (5, 0) → (5, 15); (0, 10) → (−15, 5).
    expect(evalTps(two, 5, 0).y).toBeCloseTo(15, 9);
    expect(evalTps(two, 0, 10).x).toBeCloseTo(-15, 9);
    const one = fitTps([{ x: 4, y: 4 }], [{ x: 1, y: 2 }]);
    expect(evalTps(one, 10, 10)).toEqual({ x: 7, y: 8 });
    const line = [0, 1, 2, 3].map((i) => ({ x: i * 10, y: i * 10 }));
    const collinear = fitTps(
      line,
      line.map((p) => ({ x: p.x + 1, y: p.y })),
    );
    expect(evalTps(collinear, 50, 0).x).toBeCloseTo(51, 6);
  });

  it('refuses mismatched or non-finite points', () => {
    expect(() => fitTps(points, points.slice(1))).toThrow(expect.objectContaining({ code: 'TPS_POINTS_INVALID' }));
    expect(() => fitTps([{ x: NaN, y: 0 }], [{ x: 0, y: 0 }])).toThrow(
      expect.objectContaining({ code: 'TPS_POINTS_INVALID' }),
    );
  });
});

describe('solveLinear', () => {
  it('pivots past a zero on the diagonal and reports a singular matrix', () => {
    const x = solveLinear(
      [
        [0, 2],
        [3, 1],
      ],
      [[4], [5]],
    );
    expect(x?.[0]?.[0]).toBeCloseTo(1, 12);
    expect(x?.[1]?.[0]).toBeCloseTo(2, 12);
    expect(
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [[1], [2]],
      ),
    ).toBeUndefined();
  });
});

describe('warp inputs', () => {
  it('folds the fit into GridSample units: a garment pixel centre maps to its normalised position', () => {
    const fit = fitTps(points, points);
    const t = tpsTensors(fit, { width: 400, height: 700 }, { x0: 0, y0: 0, width: 400, height: 700 });
    const k = t.count;
    // Affine part only (identity): gx = a0 + ax·u + ay·v with u = (x − mean)·invScale.
    const u = (0.5 - t.norm[0]!) * t.norm[2]!;
    const v = (0.5 - t.norm[1]!) * t.norm[2]!;
    const gx = t.coef[2 * k]! + t.coef[2 * k + 2]! * u + t.coef[2 * k + 4]! * v;
    expect(gx).toBeCloseTo(2 * (0.5 / 400) - 1, 5);
    expect(Array.from(t.box, Number)).toEqual([0, 0, 700, 400]);
  });

  it('bounds the warped garment, with a margin, inside the output', () => {
    const src = points.map((p) => ({ x: p.x / 2, y: p.y / 2 }));
    const dst = points.map((p) => ({ x: p.x + 100, y: p.y + 50 }));
    // The garment 200×350 doubled and moved by (100, 50) lands on x 100…500, y 50…750; ± 8 px margin
    // (a rounding ulp may widen it by one pixel).
    const box = warpBox(dst, src, { width: 200, height: 350 }, { width: 1000, height: 700 }, 8);
    expect(box.x0).toBeGreaterThanOrEqual(91);
    expect(box.x0).toBeLessThanOrEqual(92);
    expect(box.y0).toBeGreaterThanOrEqual(41);
    expect(box.y0).toBeLessThanOrEqual(42);
    expect(box.x0 + box.width).toBeGreaterThanOrEqual(508);
    expect(box.x0 + box.width).toBeLessThanOrEqual(509);
    expect(box.y0 + box.height).toBe(700); // clipped at the bottom
    expect(() =>
      warpBox(
        dst.map((p) => ({ x: p.x + 5000, y: p.y })),
        src,
        { width: 200, height: 350 },
        { width: 1000, height: 700 },
      ),
    ).toThrow(expect.objectContaining({ code: 'GARMENT_OUTSIDE_FRAME' }));
    expect(landingBox(dst, src, { width: 200, height: 350 }, { width: 1000, height: 700 }, 8)).toEqual(box);
    expect(
      landingBox(
        dst.map((p) => ({ x: p.x + 5000, y: p.y })),
        src,
        { width: 200, height: 350 },
        { width: 1000, height: 700 },
      ),
    ).toBeNull();
  });

  it('passes a twin moved wholly off the frame as the empty layer, and one on it with its image', () => {
    const image = { data: new Uint8Array(200 * 350 * 4).fill(255), width: 200, height: 350, channels: 4 as const };
    const src = [
      { x: 0, y: 0 },
      { x: 200, y: 0 },
      { x: 0, y: 350 },
      { x: 200, y: 350 },
    ];
    const on = twinInput(
      { image, src, dest: src.map((p) => ({ x: p.x + 100, y: p.y + 50 })) },
      { width: 1000, height: 700 },
    );
    expect(on.image).toBe(image);
    expect(Array.from(on.tps.box, Number)).not.toEqual([0, 0, 1, 1]);
    expect(
      twinInput({ image, src, dest: src.map((p) => ({ x: p.x + 5000, y: p.y })) }, { width: 1000, height: 700 }),
    ).toBe(EMPTY_LAYER);
    expect(twinInput(undefined, { width: 1000, height: 700 })).toBe(EMPTY_LAYER);
  });
});
