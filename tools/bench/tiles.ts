import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as ort from 'onnxruntime-node';
import {
  type CombinedFeedInput,
  combinedFeeds,
  createSessionCache,
  fitTps,
  gaussianTaps,
  SHADOW_POOL,
  tpsTensors,
  warpBox,
} from '../../src/render/index.ts';
import { lightMatch, sceneMeanLinear } from '../../src/render/light/index.ts';
import { defaultModelsDir } from '../../src/render/modelsDir.ts';
import { prepareShot, twinInput } from '../../src/render/pipeline/index.ts';
import { renderTiles, tileWindows } from '../../src/render/pipeline/tiled.ts';
import { makeRenderWorkspace } from '../../tests/helpers/renderWorkspace.ts';
import { type Benchmark, benchProvider, median, round } from './types.ts';

const SIZE = { width: 1024, height: 1536, poseScale: 4 };
const TILES = [512, 256];

/**
 * The composite pass of the demo-like shot at 1024×1536, whole frame (`render-combined`, one session.run) against
 * the tiled path an out-of-memory retry takes (`render-combined-tile`: the light planned once from the scene, then
 * crop → run → stitch per tile) at 512 and 256 px, measured in turns in the same run; with the largest window (what
 * the device must hold, in pixels, against the frame) and the largest difference from the whole frame.
 */
export const tilesBenchmark: Benchmark = {
  name: 'tiles',
  async *run({ iterations, log }) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-tiles-'));
    const fx = await makeRenderWorkspace(dir, {
      output: { width: SIZE.width, height: SIZE.height },
      poseScale: SIZE.poseScale,
    });
    const sessions = createSessionCache({ modelsDir: defaultModelsDir(), providers: [benchProvider()] });
    try {
      const prepared = await prepareShot(fx.ws, fx.shot);
      const garments = prepared.garments.map((g) => {
        const gs = { width: g.image.width, height: g.image.height };
        return {
          image: g.image,
          tps: tpsTensors(
            fitTps(g.dest, g.src, { regularization: 1e-3 }),
            gs,
            warpBox(g.dest, g.src, gs, prepared.output),
          ),
        };
      });
      const kernel = gaussianTaps(prepared.shadow.sigma / SHADOW_POOL);
      const input: CombinedFeedInput = {
        scene: prepared.scene,
        twin: twinInput(prepared.twin, prepared.output),
        garments,
        light: prepared.light,
        shadow: { ...prepared.shadow, kernelX: kernel, kernelY: kernel },
      };
      const whole = await sessions.get('render-combined');
      const tiled = await sessions.get('render-combined-tile');
      // The pixels, as the renderer fetches them, whole and tiled.
      const runWhole = async (): Promise<Uint8Array> =>
        ((await whole.session.run(combinedFeeds(input), ['rgba']))['rgba'] as ort.Tensor).data as Uint8Array;
      log(`tiles ${SIZE.width}x${SIZE.height}: warming up`);
      const reference = await runWhole();
      const error: Record<number, number> = {};
      for (const tile of TILES) {
        const out = await renderTiles(tiled.session, input, { tile, coarse: true, fetch: 'rgba' });
        let max = 0;
        for (let i = 0; i < out.length; i++)
          max = Math.max(max, Math.abs((out[i] as number) - (reference[i] as number)));
        error[tile] = max;
      }
      const ms: Record<string, number[]> = {
        whole: [],
        light: [],
        ...Object.fromEntries(TILES.map((t) => [String(t), []])),
      };
      const time = async (key: string, work: () => unknown): Promise<void> => {
        const t0 = performance.now();
        await work();
        ms[key]!.push(performance.now() - t0);
      };
      for (let i = 0; i < iterations; i++) {
        await time('whole', runWhole);
        await time('light', () => lightMatch(sceneMeanLinear(input.scene), 0.5));
        for (const tile of TILES)
          await time(String(tile), () => renderTiles(tiled.session, input, { tile, coarse: true, fetch: 'rgba' }));
      }
      const frame = SIZE.width * SIZE.height;
      const wholeMs = median(ms.whole!);
      yield {
        size: `${SIZE.width}x${SIZE.height}`,
        provider: whole.provider,
        iterations,
        wholeMs: round(wholeMs),
        lightMs: round(median(ms.light!)),
        tiles: TILES.map((tile) => {
          const windows = tileWindows(SIZE, tile);
          const largest = Math.max(...windows.map(({ window: w }) => (w.x1 - w.x0) * (w.y1 - w.y0)));
          const tileMs = median(ms[String(tile)]!);
          return {
            tile,
            count: windows.length,
            largestWindow: round(largest / frame, 3),
            ms: round(tileMs),
            ratio: round(tileMs / wholeMs, 2),
            maxAbsError: Number((error[tile] as number).toExponential(2)),
          };
        }),
        cores: os.availableParallelism(),
      };
    } finally {
      await sessions.release();
      fx.ws.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
