import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  compositeReference,
  lightReference,
  overReference,
  shadowReference,
  warpReference,
} from '../../src/render/reference/index.ts';
import { tpsFeeds } from '../../src/render/feeds.ts';
import { gaussianTaps } from '../../src/render/shadowKernel.ts';
import type { Planar } from '../../src/render/tensors.ts';
import { fitTps } from '../../src/render/tps.ts';
import { type TpsTensors, tpsTensors, warpBox } from '../../src/render/warpInputs.ts';
import {
  createTestSessions,
  f32,
  randomRgb,
  randomRgba,
  relativeError,
  rng,
  runOne,
  tensorOf,
} from '../helpers/renderFixtures.ts';

const W = 24;
const H = 32;
const session = createTestSessions();

/** A garment 20×16 whose five keypoints land, bent, inside the 24×32 output. */
function bentGarment(seed: number): { garment: Planar; tps: TpsTensors } {
  const random = rng(seed);
  const garment = randomRgba(20, 16, random);
  const src = [
    { x: 3, y: 2 },
    { x: 17, y: 2 },
    { x: 10, y: 8 },
    { x: 3, y: 14 },
    { x: 17, y: 14 },
  ];
  const dst = src.map((p) => ({ x: p.x + 2 + random() * 3, y: p.y * 1.4 + 3 + random() * 3 }));
  const fit = fitTps(dst, src, { regularization: 1e-3 });
  const box = warpBox(dst, src, { width: 20, height: 16 }, { width: W, height: H }, 2);
  return { garment, tps: tpsTensors(fit, { width: 20, height: 16 }, box) };
}

describe('warp (TPS + GridSample)', () => {
  for (const id of ['warp-tps', 'warp-tps-exact']) {
    it(`${id} matches the TS reference on a random bent garment`, async () => {
      const { garment, tps } = bentGarment(7);
      const out = await runOne(await session(id), tpsFeeds('', garment, tps));
      expect(out.dims).toEqual([1, 4, Number(tps.box[2]), Number(tps.box[3])]);
      const ref = warpReference(garment, tps, id === 'warp-tps');
      expect(relativeError(out.data, ref.data)).toBeLessThan(1e-4);
    });
  }

  it('is the identity for identical keypoint pairs, coarse or exact', async () => {
    const garment = randomRgba(W, H, rng(3));
    const pts = [
      { x: 2, y: 3 },
      { x: 20, y: 5 },
      { x: 12, y: 16 },
      { x: 4, y: 29 },
      { x: 21, y: 27 },
    ];
    const tps = tpsTensors(fitTps(pts, pts), { width: W, height: H }, { x0: 0, y0: 0, width: W, height: H });
    for (const id of ['warp-tps', 'warp-tps-exact']) {
      const out = await runOne(await session(id), tpsFeeds('', garment, tps));
      expect(relativeError(out.data, garment.data)).toBeLessThan(1e-5);
    }
  });

  it('shifts by exactly 3 px right and 2 px down for a pure translation, leaving zeros behind', async () => {
    const garment = randomRgba(W, H, rng(4));
    const src = [
      { x: 2, y: 3 },
      { x: 20, y: 5 },
      { x: 12, y: 16 },
      { x: 4, y: 29 },
    ];
    const dst = src.map((p) => ({ x: p.x + 3, y: p.y + 2 }));
    const tps = tpsTensors(fitTps(dst, src), { width: W, height: H }, { x0: 0, y0: 0, width: W, height: H });
    const out = await runOne(await session('warp-tps'), tpsFeeds('', garment, tps));
    const n = W * H;
    for (const [x, y] of [
      [3, 2],
      [10, 11],
      [23, 31],
    ] as const) {
      for (let c = 0; c < 4; c++)
        expect(out.data[c * n + y * W + x]).toBeCloseTo(garment.data[c * n + (y - 2) * W + x - 3] as number, 5);
    }
    for (let c = 0; c < 4; c++) {
      expect(out.data[c * n + 5 * W + 2]).toBeCloseTo(0, 6);
      expect(out.data[c * n + 1 * W + 10]).toBeCloseTo(0, 6);
    }
  });
});

describe('composite (premultiplied over)', () => {
  it('matches the reference for three random layers', async () => {
    const random = rng(11);
    const bg = randomRgba(W, H, random);
    const layers = [randomRgba(W, H, random), randomRgba(W, H, random), randomRgba(W, H, random)];
    const out = await runOne(await session('composite-over'), {
      background: tensorOf(bg),
      layer0: tensorOf(layers[0]!),
      layer1: tensorOf(layers[1]!),
      layer2: tensorOf(layers[2]!),
    });
    expect(relativeError(out.data, compositeReference(bg, layers).data)).toBeLessThan(1e-4);
  });

  it('puts 0.5-alpha red over blue as (0.5, 0, 0.5, 1), and respects z-order', async () => {
    const solid = (rgba: number[]): Planar => {
      const n = W * H;
      const data = new Float32Array(4 * n);
      rgba.forEach((v, c) => data.fill(v, c * n, (c + 1) * n));
      return { data, width: W, height: H, channels: 4 };
    };
    const blue = solid([0, 0, 1, 1]);
    const halfRed = solid([0.5, 0, 0, 0.5]);
    const green = solid([0, 1, 0, 1]);
    const clear = solid([0, 0, 0, 0]);
    const run = async (l0: Planar, l1: Planar): Promise<number[]> => {
      const out = await runOne(await session('composite-over'), {
        background: tensorOf(blue),
        layer0: tensorOf(l0),
        layer1: tensorOf(l1),
        layer2: tensorOf(clear),
      });
      return [0, 1, 2, 3].map((c) => out.data[c * W * H + 40] as number);
    };
    const a = await run(halfRed, clear);
    [0.5, 0, 0.5, 1].forEach((v, i) => expect(a[i]).toBeCloseTo(v, 6));
    const b = await run(green, halfRed);
    [0.5, 0.5, 0, 1].forEach((v, i) => expect(b[i]).toBeCloseTo(v, 6));
    const c = await run(halfRed, green);
    [0, 1, 0, 1].forEach((v, i) => expect(c[i]).toBeCloseTo(v, 6));
    expect(overReference(halfRed, blue).data[0]).toBeCloseTo(0.5, 6);
  });
});

describe('harmonize (light matching)', () => {
  it('matches the reference and leaves alpha untouched', async () => {
    const fg = randomRgba(W, H, rng(21));
    const gain = [1.03, 0.99, 0.94] as const;
    const out = await runOne(await session('harmonize'), { foreground: tensorOf(fg), light: f32(gain, [3]) });
    expect(relativeError(out.data, lightReference(fg, gain).data)).toBeLessThan(1e-5);
    const n = W * H;
    expect(Array.from(out.data.subarray(3 * n))).toEqual(Array.from(fg.data.subarray(3 * n)));
  });

  it('changes nothing at unit gain, and never lets colour exceed alpha', async () => {
    const fg = randomRgba(W, H, rng(22));
    const same = await runOne(await session('harmonize'), { foreground: tensorOf(fg), light: f32([1, 1, 1], [3]) });
    expect(Array.from(same.data)).toEqual(Array.from(fg.data));
    const bright = await runOne(await session('harmonize'), {
      foreground: tensorOf(fg),
      light: f32([1.5, 1.5, 1.5], [3]),
    });
    const n = W * H;
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < n; i++) expect(bright.data[c * n + i]).toBeLessThanOrEqual(fg.data[3 * n + i] as number);
  });
});

describe('contact shadow', () => {
  const params = { floorY: 26, band: 8, strength: 0.7, kernelX: gaussianTaps(1.5), kernelY: gaussianTaps(0.8) };
  const feeds = (scene: Planar, alpha: Float32Array, p = params): Record<string, ort.Tensor> => ({
    scene: tensorOf(scene),
    alpha: f32(alpha, [1, 1, scene.height, scene.width]),
    shadow_floor_y: f32([p.floorY], [1]),
    shadow_band: f32([p.band], [1]),
    shadow_strength: f32([p.strength], [1]),
    shadow_kernel_x: f32(p.kernelX, [1, 1, 1, p.kernelX.length]),
    shadow_kernel_y: f32(p.kernelY, [1, 1, p.kernelY.length, 1]),
  });

  it('matches the reference on random alpha, also at sizes that are not multiples of the pool', async () => {
    for (const [w, h] of [
      [W, H],
      [23, 30],
    ] as const) {
      const random = rng(31);
      const scene = randomRgb(w, h, random);
      const alpha = Float32Array.from({ length: w * h }, random);
      const out = await runOne(await session('contact-shadow'), feeds(scene, alpha));
      const ref = shadowReference(scene, { data: alpha, width: w, height: h, channels: 1 }, params);
      expect(relativeError(out.data, ref.data)).toBeLessThan(1e-4);
    }
  });

  it('darkens only near the feet, never above the band, and not at all at strength 0', async () => {
    const scene = randomRgb(W, H, rng(32));
    const alpha = new Float32Array(W * H);
    for (let y = 4; y < 26; y++) for (let x = 8; x < 16; x++) alpha[y * W + x] = 1; // a "leg" standing on y = 26
    const out = await runOne(await session('contact-shadow'), feeds(scene, alpha));
    const at = (x: number, y: number): number => (out.data[y * W + x] as number) / (scene.data[y * W + x] as number);
    expect(at(12, 25)).toBeLessThan(0.92);
    expect(at(12, 25)).toBeLessThan(at(12, 19)); // darkest at the floor line
    expect(at(12, 25)).toBeLessThan(at(1, 25)); // and under the leg, not beside it
    expect(at(12, 28)).toBeLessThan(0.99); // the blur reaches just below the floor line
    expect(at(12, 5)).toBeGreaterThan(0.9999); // far above the band: only the blur's faint tail
    const none = await runOne(await session('contact-shadow'), feeds(scene, alpha, { ...params, strength: 0 }));
    expect(relativeError(none.data, scene.data)).toBe(0);
  });
});
