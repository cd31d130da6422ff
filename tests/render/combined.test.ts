import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { combinedFeeds } from '../../src/render/feeds.ts';
import {
  combinedReference,
  placeCropReference,
  sceneLightReference,
  warpReference,
} from '../../src/render/reference/index.ts';
import { planSceneLight, sceneLightInput } from '../../src/render/light/sceneLight.ts';
import { type Pixels, pixelsToPlanar, planarToPixels, rgbaToPremultiplied } from '../../src/render/tensors.ts';
import { gaussianTaps } from '../../src/render/shadowKernel.ts';
import { fitTps } from '../../src/render/tps.ts';
import { tpsTensors, warpBox } from '../../src/render/warpInputs.ts';
import { createTestSessions, randomRgb, relativeError, rng, runOne } from '../helpers/renderFixtures.ts';

const W = 24;
const H = 32;
const session = createTestSessions();

function inputs(seed: number, garmentCount: number) {
  const random = rng(seed);
  const garments = Array.from({ length: garmentCount }, () => {
    // Straight RGBA bytes, as sharp decodes a garment; the model premultiplies them.
    const image: Pixels = {
      data: Uint8Array.from({ length: 18 * 14 * 4 }, () => Math.floor(random() * 256)),
      width: 18,
      height: 14,
      channels: 4,
    };
    const src = [
      { x: 2, y: 2 },
      { x: 16, y: 2 },
      { x: 9, y: 7 },
      { x: 2, y: 12 },
      { x: 16, y: 12 },
    ];
    const dst = src.map((p) => ({ x: p.x + 1 + random() * 4, y: p.y * 1.5 + 2 + random() * 6 }));
    const size = { width: 18, height: 14 };
    return {
      image,
      tps: tpsTensors(
        fitTps(dst, src, { regularization: 1e-3 }),
        size,
        warpBox(dst, src, size, { width: W, height: H }, 2),
      ),
    };
  });
  // The model takes the scene and images as interleaved uint8; the reference gets the same values as floats.
  const scene = planarToPixels(randomRgb(W, H, random));
  // The twin: a straight RGBA image turned, scaled and moved by an affine spline (four corners that agree).
  const figure: Pixels = {
    data: Uint8Array.from({ length: 16 * 22 * 4 }, () => Math.floor(random() * 256)),
    width: 16,
    height: 22,
    channels: 4,
  };
  const corners = [
    { x: 0, y: 0 },
    { x: 16, y: 0 },
    { x: 0, y: 22 },
    { x: 16, y: 22 },
  ];
  const turn = 0.2;
  const placed = corners.map((p) => ({
    x: 4 + 1.1 * (Math.cos(turn) * p.x - Math.sin(turn) * p.y) + 3,
    y: 3 + 1.1 * (Math.sin(turn) * p.x + Math.cos(turn) * p.y),
  }));
  const twinSize = { width: 16, height: 22 };
  const twin = {
    image: figure,
    tps: tpsTensors(
      fitTps(placed, corners, { regularization: 1e3 }),
      twinSize,
      warpBox(placed, corners, twinSize, { width: W, height: H }, 2),
    ),
  };
  // The scene light on that twin: a random front mask, a low hard light from the left (a long cast shadow).
  const front: Pixels = {
    data: Uint8Array.from({ length: 16 * 22 }, () => (random() < 0.4 ? 255 : Math.floor(random() * 256))),
    width: 16,
    height: 22,
    channels: 1,
  };
  const plan = planSceneLight({ direction: 160, softness: 0.2 }, 28, 24, 0.6);
  const sceneLight = sceneLightInput({ image: figure, dest: placed, src: corners, front }, plan, {
    width: W,
    height: H,
  });
  return {
    scene,
    twin,
    sceneLight,
    reference: {
      scene: pixelsToPlanar(scene),
      twin: { image: rgbaToPremultiplied(figure.data, 16, 22), tps: twin.tps },
      sceneLight: sceneLightReference(sceneLight),
      garments: garments.map((g) => ({
        image: rgbaToPremultiplied(g.image.data, g.image.width, g.image.height),
        tps: g.tps,
      })),
    },
    garments,
    // A warm, slightly darker light on the garments, a cooler one on the twin, as the graph must keep them apart.
    light: { twin: [0.97, 1, 1.03] as const, garments: [1.02, 0.99, 0.95] as const },
    shadow: { floorY: 27, band: 6, strength: 0.6, kernelX: gaussianTaps(1.2), kernelY: gaussianTaps(0.6) },
  };
}

describe('render-combined', () => {
  for (const id of ['render-combined', 'render-combined-exact']) {
    it(`${id} matches the stage-by-stage reference with two garments and with one (empty slot)`, async () => {
      for (const count of [2, 1]) {
        const x = inputs(40 + count, count);
        const out = await runOne(await session(id), combinedFeeds(x));
        expect(out.dims).toEqual([1, 4, H, W]);
        expect(
          relativeError(out.data, combinedReference({ ...x, ...x.reference }, id === 'render-combined').data),
        ).toBeLessThan(1e-4);
        expect(Math.min(...out.data.subarray(3 * W * H))).toBeCloseTo(1, 6); // opaque over the scene
      }
    });
  }

  it('keeps a sleeve over the front parts (the arm inside it) and matches the reference', async () => {
    const x = inputs(47, 2);
    const sleeved = {
      ...x,
      garments: x.garments.map((g, k) => (k === 1 ? { ...g, cutsFront: false } : g)),
      reference: {
        ...x.reference,
        garments: x.reference.garments.map((g, k) => (k === 1 ? { ...g, cutsFront: false } : g)),
      },
    };
    const s = await session('render-combined');
    const out = await runOne(s, combinedFeeds(sleeved));
    expect(relativeError(out.data, combinedReference({ ...sleeved, ...sleeved.reference }, true).data)).toBeLessThan(
      1e-4,
    );
    // The sleeve changes what shows where the front mask is.
    expect(relativeError(out.data, (await runOne(s, combinedFeeds(x))).data)).toBeGreaterThan(1e-3);
  });

  it('with no scene light matches the reference without one', async () => {
    const { sceneLight: _s, ...x } = inputs(45, 2);
    const { sceneLight: _r, ...reference } = x.reference;
    const out = await runOne(await session('render-combined'), combinedFeeds(x));
    expect(relativeError(out.data, combinedReference({ ...x, ...reference }, true).data)).toBeLessThan(1e-4);
  });

  it('draws the front parts over the garments, casts a shadow and shades: each changes the pixels', async () => {
    const x = inputs(46, 2);
    const s = await session('render-combined');
    const lit = (await runOne(s, combinedFeeds(x))).data;
    const none = { ...x.sceneLight, castStrength: 0, contactStrength: 0, shadeStrength: 0 };
    const clear = { ...none, front: { ...x.sceneLight.front, data: new Uint8Array(16 * 22) } };
    for (const off of [{ ...x.sceneLight, castStrength: 0 }, { ...x.sceneLight, shadeStrength: 0 }, clear])
      expect(relativeError((await runOne(s, combinedFeeds({ ...x, sceneLight: off }))).data, lit)).toBeGreaterThan(
        1e-4,
      );
  });

  it('also gives the composite as interleaved uint8 RGBA: ×255, rounded half to even', async () => {
    const x = inputs(60, 2);
    const s = await session('render-combined');
    const out = await s.run(combinedFeeds(x));
    const composite = out.composite!.data as Float32Array;
    const rgba = out.rgba as ort.Tensor;
    expect(rgba.type).toBe('uint8');
    expect(rgba.dims).toEqual([1, H, W, 4]);
    const n = W * H;
    const expected = new Uint8ClampedArray(4 * n); // a clamped store rounds half to even
    for (let i = 0; i < n; i++)
      for (let c = 0; c < 4; c++) expected[4 * i + c] = Math.fround((composite[c * n + i] as number) * 255);
    expect(Buffer.from(rgba.data as Uint8Array).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it('gives a garment the same pixels over any twin: its light gain depends on nothing under it', async () => {
    // Without the scene light: its shading follows the whole figure's outline and the front parts go over garments.
    const { sceneLight: _s, ...base } = inputs(70, 1);
    // An opaque garment, so that what lies under it cannot show through.
    const g0 = base.garments[0]!;
    const data = Uint8Array.from(g0.image.data, (v, i) => (i % 4 === 3 ? 255 : v));
    const garments = [{ image: { ...g0.image, data }, tps: g0.tps }];
    const a = { ...base, garments };
    const { sceneLight: _t, ...other } = inputs(71, 1);
    const b = { ...other, garments, shadow: a.shadow };
    const s = await session('render-combined');
    const outA = (await runOne(s, combinedFeeds(a))).data;
    const outB = (await runOne(s, combinedFeeds(b))).data;
    const n = W * H;
    const cover = placeCropReference(
      warpReference(rgbaToPremultiplied(data, g0.image.width, g0.image.height), g0.tps, true),
      g0.tps,
      W,
      H,
    );
    let compared = 0;
    for (let i = 0; i < n; i++) {
      if ((cover.data[3 * n + i] as number) < 1 - 1e-6) continue;
      compared++;
      for (let c = 0; c < 3; c++) {
        const own = Math.min((cover.data[c * n + i] as number) * (a.light.garments[c] as number), 1);
        expect(outA[c * n + i]).toBeCloseTo(own, 5);
        expect(outB[c * n + i]).toBeCloseTo(own, 5);
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('gives the same pixels on a second run', async () => {
    const x = inputs(50, 2);
    const s = await session('render-combined');
    const a = await runOne(s, combinedFeeds(x));
    const b = await runOne(s, combinedFeeds(x));
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
  });
});
