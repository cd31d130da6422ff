import path from 'node:path';
import type * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type CombinedFeedInput, combinedFeeds } from '../../src/render/feeds.ts';
import { SHADOW_POOL } from '../../src/render/graphs/parts.ts';
import { prepareShot, type PreparedShot } from '../../src/render/pipeline/index.ts';
import { TILE_HALO, renderTiles, tileSizes, tileWindows } from '../../src/render/pipeline/tiled.ts';
import { opaqueToRgba, twinInput } from '../../src/render/pipeline/renderShot.ts';
import { combinedReference, sceneLightReference } from '../../src/render/reference/index.ts';
import { NO_SCENE_LIGHT, sceneLightInput } from '../../src/render/light/sceneLight.ts';
import { placeCropReference, warpReference } from '../../src/render/reference/warp.ts';
import { gaussianTaps } from '../../src/render/shadowKernel.ts';
import { pixelsToPlanar, rgbaToPremultiplied } from '../../src/render/tensors.ts';
import { fitTps } from '../../src/render/tps.ts';
import { tpsTensors, warpBox } from '../../src/render/warpInputs.ts';
import { makeRenderWorkspace, useRenderFixture } from '../helpers/renderWorkspace.ts';

/** The combined model's inputs for a prepared shot's first pass, fitted as renderShot fits them. */
function passInput(inputs: PreparedShot): CombinedFeedInput {
  const garments = inputs.garments.map((g) => {
    const size = { width: g.image.width, height: g.image.height };
    return {
      image: g.image,
      tps: tpsTensors(
        fitTps(g.dest, g.src, { regularization: g.fit === 'tps' ? 1e-3 : 1e3 }),
        size,
        warpBox(g.dest, g.src, size, inputs.output),
      ),
    };
  });
  const kernel = gaussianTaps(inputs.shadow.sigma / SHADOW_POOL);
  return {
    scene: inputs.scene,
    twin: twinInput(inputs.twin, inputs.output),
    sceneLight: sceneLightInput(inputs.twin, inputs.sceneLight ?? NO_SCENE_LIGHT, inputs.output),
    garments,
    light: inputs.light,
    shadow: {
      floorY: inputs.shadow.floorY,
      band: inputs.shadow.band,
      strength: inputs.shadow.strength,
      kernelX: kernel,
      kernelY: kernel,
    },
  };
}

async function fullFrame(
  session: ort.InferenceSession,
  x: CombinedFeedInput,
  fetch: 'composite' | 'rgba' = 'composite',
): Promise<Float32Array | Uint8Array> {
  const out = await session.run(combinedFeeds(x), [fetch]);
  return (out[fetch] as ort.Tensor).data as Float32Array | Uint8Array;
}

/** The same inputs as the planar floats the graph makes of them (what the TS reference takes). */
function asPlanar(x: CombinedFeedInput) {
  const { sceneLight, ...rest } = x;
  return {
    ...rest,
    scene: pixelsToPlanar(x.scene),
    twin: { image: rgbaToPremultiplied(x.twin.image.data, x.twin.image.width, x.twin.image.height), tps: x.twin.tps },
    garments: x.garments.map((g) => ({
      image: rgbaToPremultiplied(g.image.data, g.image.width, g.image.height),
      tps: g.tps,
    })),
    ...(sceneLight ? { sceneLight: sceneLightReference(sceneLight) } : {}),
  };
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Rows (or columns) [from, to) that hold a nonzero value of `f`. */
function extent(length: number, other: number, f: (along: number, across: number) => boolean): [number, number] {
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < length; i++)
    for (let j = 0; j < other; j++)
      if (f(i, j)) {
        from = Math.min(from, i);
        to = Math.max(to, i + 1);
        break;
      }
  return [from, to];
}

/** Whether some tile edge (a multiple of `tile` inside the frame) falls strictly inside [from, to). */
const cuts = (tile: number, [from, to]: [number, number]): boolean => Math.ceil((from + 1) / tile) * tile < to;

describe('tile layout', () => {
  it('halves the tile side from half the longest side down to the floor, on the pooling grid', () => {
    expect(tileSizes({ width: 1024, height: 1536 })).toEqual([768, 384, 256]);
    expect(tileSizes({ width: 2048, height: 3072 })).toEqual([1536, 768, 384, 256]);
    expect(tileSizes({ width: 512, height: 768 })).toEqual([384, 256]);
    expect(tileSizes({ width: 256, height: 384 })).toEqual([256]);
    expect(tileSizes({ width: 256, height: 256 })).toEqual([]);
    // A side off the pooling grid stays whole: only the other one is cut.
    expect(tileSizes({ width: 1000, height: 1333 })).toEqual([500, 256]);
    expect(tileSizes({ width: 1001, height: 1333 })).toEqual([]);
    for (const t of tileSizes({ width: 2048, height: 3072 })) expect(t % SHADOW_POOL).toBe(0);
  });

  it('covers every pixel once, with window edges inside the frame on the pooling grid and a full halo', () => {
    for (const size of [
      { width: 256, height: 384 },
      { width: 1024, height: 1536 },
      { width: 1000, height: 1333 },
    ]) {
      for (const tile of [96, 256]) {
        const seen = new Uint8Array(size.width * size.height);
        for (const { window: w, keep: k } of tileWindows(size, tile)) {
          for (let y = k.y0; y < k.y1; y++) for (let x = k.x0; x < k.x1; x++) seen[y * size.width + x]! += 1;
          for (const [edge, length] of [
            [w.x0, size.width],
            [w.x1, size.width],
            [w.y0, size.height],
            [w.y1, size.height],
          ] as const) {
            if (edge !== 0 && edge !== length) expect(edge % SHADOW_POOL).toBe(0);
          }
          if (w.x0 > 0) expect(k.x0 - w.x0).toBeGreaterThanOrEqual(TILE_HALO);
          if (w.y0 > 0) expect(k.y0 - w.y0).toBeGreaterThanOrEqual(TILE_HALO);
          if (w.x1 < size.width) expect(w.x1 - k.x1).toBeGreaterThanOrEqual(TILE_HALO);
          if (w.y1 < size.height) expect(w.y1 - k.y1).toBeGreaterThanOrEqual(TILE_HALO);
        }
        expect(seen.every((v) => v === 1)).toBe(true);
      }
    }
    expect(() => tileWindows({ width: 256, height: 384 }, 90)).toThrow(/multiple of 4/);
  });
});

describe('tiled render', () => {
  const fix = useRenderFixture('twin-tiled-');

  it('gives the whole frame’s pixels at two tile sizes whose edges cut through the garment, the twin and the shadow', async () => {
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
    const x = passInput(inputs);
    const { width: W, height: H } = inputs.output;
    const n = W * H;
    // The twin as the model places it (the reference warp): its alpha, 0..1, per pixel.
    const twin = asPlanar(x).twin;
    const alpha = placeCropReference(warpReference(twin.image, twin.tps, true), twin.tps, W, H).data.subarray(3 * n);
    const [by, bx, bh, bw] = Array.from(x.garments[0]!.tps.box, Number) as [number, number, number, number];
    const twinRows = extent(H, W, (y, xx) => (alpha[y * W + xx] as number) > 0.5);
    const twinCols = extent(W, H, (xx, y) => (alpha[y * W + xx] as number) > 0.5);
    const lit = await fullFrame((await fix.sessions.get('render-combined')).session, {
      ...x,
      shadow: { ...x.shadow, strength: 0 },
    });
    for (const id of ['render-combined', 'render-combined-exact'] as const) {
      const full = await fullFrame((await fix.sessions.get(id)).session, x);
      // Where the shadow darkens the scene: rows and columns below the figure that differ from the unshadowed render.
      const darker = (y: number, xx: number): boolean =>
        (alpha[y * W + xx] as number) === 0 && (lit[y * W + xx] as number) - (full[y * W + xx] as number) > 0.01;
      const shadowRows = extent(H, W, darker);
      const shadowCols = extent(W, H, (xx, y) => darker(y, xx));
      const tileSession = (await fix.sessions.get(`${id}-tile`)).session;
      for (const tile of [120, 176]) {
        for (const [what, span] of Object.entries({
          garmentX: [bx, bx + bw],
          garmentY: [by, by + bh],
          twinX: twinCols,
          twinY: twinRows,
          shadowX: shadowCols,
          shadowY: shadowRows,
        })) {
          expect({ what, tile, cut: cuts(tile, span as [number, number]) }).toEqual({ what, tile, cut: true });
        }
        const tiled = (await renderTiles(tileSession, x, {
          tile,
          coarse: id === 'render-combined',
          fetch: 'composite',
        })) as Float32Array;
        expect(maxAbs(tiled, full)).toBeLessThan(1e-5);
        expect(maxAbs(opaqueToRgba(tiled, n), opaqueToRgba(full as Float32Array, n))).toBeLessThanOrEqual(1);
        // The pixels the renderer fetches, stitched from the tiles' own uint8 output.
        const rgba = await renderTiles(tileSession, x, { tile, coarse: id === 'render-combined', fetch: 'rgba' });
        expect(rgba).toBeInstanceOf(Uint8Array);
        expect(maxAbs(rgba, await fullFrame((await fix.sessions.get(id)).session, x, 'rgba'))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('cuts only the side on the pooling grid when the other is not (256×382), with the same pixels', async () => {
    const odd = await makeRenderWorkspace(path.join(fix.dir, 'odd'), { output: { width: 256, height: 382 } });
    try {
      const x = passInput(await prepareShot(odd.ws, odd.shot));
      const full = await fullFrame((await fix.sessions.get('render-combined')).session, x);
      const windows = tileWindows({ width: 256, height: 382 }, 96);
      expect(windows.length).toBe(3);
      expect(windows.every((w) => w.window.y0 === 0 && w.window.y1 === 382)).toBe(true);
      const tiled = await renderTiles((await fix.sessions.get('render-combined-tile')).session, x, {
        tile: 96,
        coarse: true,
        fetch: 'composite',
      });
      expect(maxAbs(tiled, full)).toBeLessThan(1e-4);
    } finally {
      odd.ws.close();
    }
  });

  it('gives the whole frame’s pixels and the reference’s for a garment fitted part by part', async () => {
    const parts = await makeRenderWorkspace(path.join(fix.dir, 'parts'), { garmentFormat: 'garment/2' });
    try {
      const inputs = await prepareShot(parts.ws, parts.shot);
      // Torso and both sleeves (the pose faces the camera): two layers of one garment, each with its own spline.
      expect(inputs.garments.map((g) => [g.garmentId, g.part])).toEqual([
        ['tee-blue', 'torso'],
        ['tee-blue', 'sleeves'],
      ]);
      const x = passInput(inputs);
      const full = await fullFrame((await fix.sessions.get('render-combined')).session, x);
      const tiled = await renderTiles((await fix.sessions.get('render-combined-tile')).session, x, {
        tile: 120,
        coarse: true,
        fetch: 'composite',
      });
      expect(maxAbs(tiled, full)).toBeLessThan(1e-5);
      expect(maxAbs(full, combinedReference(asPlanar(x), true).data)).toBeLessThan(1e-4);
    } finally {
      parts.ws.close();
    }
  });

  it('the tile variant on the whole frame equals the stage-by-stage reference', async () => {
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
    const x = passInput(inputs);
    const reference = combinedReference(asPlanar(x), true);
    const whole = await renderTiles((await fix.sessions.get('render-combined-tile')).session, x, {
      tile: 4096,
      coarse: true,
      fetch: 'composite',
    });
    expect(maxAbs(whole, reference.data)).toBeLessThan(1e-4);
  });
});

describe('large frames', () => {
  it('start in tiles of at most 1024 px above 8 M pixels, on every provider; 2048×3072 stays one run', async () => {
    const { largeFrameTile, LARGE_FRAME_TILE } = await import('../../src/render/pipeline/tiled.ts');
    expect(largeFrameTile({ width: 1024, height: 1536 })).toBeUndefined();
    expect(largeFrameTile({ width: 2048, height: 3072 })).toBeUndefined();
    expect(largeFrameTile({ width: 4096, height: 4096 })).toBe(LARGE_FRAME_TILE);
    expect(largeFrameTile({ width: 8192, height: 8192 })).toBe(LARGE_FRAME_TILE);
    const odd = largeFrameTile({ width: 3000, height: 4000 });
    expect(odd).toBeLessThanOrEqual(LARGE_FRAME_TILE);
    expect((odd as number) % SHADOW_POOL).toBe(0);
  });
});
