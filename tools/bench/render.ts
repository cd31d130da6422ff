import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { NO_SCENE_LIGHT, sceneLightInput } from '../../src/render/light/sceneLight.ts';
import {
  combinedFeeds,
  createSessionCache,
  gaussianTaps,
  pixelsToPlanar,
  premultipliedToRgba,
  rgbaToPremultiplied,
  SHADOW_POOL,
  tpsTensors,
  warpBox,
  fitTps,
} from '../../src/render/index.ts';
import { defaultModelsDir } from '../../src/render/modelsDir.ts';
import { prepareShot, renderShot, twinInput } from '../../src/render/pipeline/index.ts';
import { placeCropReference, warpReference } from '../../src/render/reference/warp.ts';
import { makeRenderWorkspace } from '../../tests/helpers/renderWorkspace.ts';
import { type Benchmark, benchProvider, median, round } from './types.ts';

const SIZES = [
  { width: 1024, height: 1536, poseScale: 4 },
  { width: 2048, height: 3072, poseScale: 8 },
];

const encodePng = (rgba: Uint8Array, width: number, height: number): Promise<Buffer> =>
  sharp(rgba, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();

async function time<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

/**
 * End-to-end render of a demo-like shot (decode within limits → fit → combined model → pixels → PNG) against
 * the floor it stands on, measured in the same run: sharp decode of the inputs + raw session.run + PNG encode.
 */
export const renderBenchmark: Benchmark = {
  name: 'render',
  async *run({ iterations, log }) {
    const modelsDir = defaultModelsDir();
    for (const size of SIZES) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-'));
      const fx = await makeRenderWorkspace(dir, {
        output: { width: size.width, height: size.height },
        poseScale: size.poseScale,
      });
      const sessions = createSessionCache({ modelsDir, providers: [benchProvider()] });
      try {
        const { shot, ws } = fx;
        const label = `${size.width}x${size.height}`;
        log(`render ${label}: warming up`);
        const warm = await prepareShot(ws, shot);
        await renderShot(warm, sessions);
        const loaded = await sessions.get('render-combined');
        const session = loaded.session;
        // The same feeds the pipeline builds, made once, so raw session.run is only the graph.
        const fitted = warm.garments.map((g) => {
          const gs = { width: g.image.width, height: g.image.height };
          return {
            image: g.image,
            tps: tpsTensors(
              fitTps(g.dest, g.src, { regularization: 1e-3 }),
              gs,
              warpBox(g.dest, g.src, gs, warm.output),
            ),
          };
        });
        const kernel = gaussianTaps(warm.shadow.sigma / SHADOW_POOL);
        const feeds = combinedFeeds({
          scene: warm.scene,
          twin: twinInput(warm.twin, warm.output),
          garments: fitted,
          light: warm.light,
          shadow: { ...warm.shadow, kernelX: kernel, kernelY: kernel },
          sceneLight: sceneLightInput(warm.twin, warm.sceneLight ?? NO_SCENE_LIGHT, warm.output),
        });
        const scenePath = ws.catalog.scene(shot.scene.sceneId).imagePath;
        const garmentPath = ws.catalog.garment('tee-blue').imagePath;
        const pack = await ws.twins.load(shot.twin.twinId);
        const poseBytes = pack.files.read(pack.poses[0]!.image);

        const e2e: number[] = [];
        const raw: number[] = [];
        const runs: number[] = [];
        const stages: Record<string, number[]> = {};
        for (let i = 0; i < iterations; i++) {
          const end = await time(async () => {
            const inputs = await prepareShot(ws, shot);
            const r = await renderShot(inputs, sessions);
            const enc = await time(() => encodePng(r.rgba, r.width, r.height));
            return { ...r.timings, encode: enc.ms };
          });
          e2e.push(end.ms);
          for (const [k, v] of Object.entries(end.value)) (stages[k] ??= []).push(v);

          const decode = await time(async () => {
            await sharp(await readFile(scenePath))
              .resize(size.width, size.height, { fit: 'cover' })
              .removeAlpha()
              .raw()
              .toBuffer();
            await sharp(poseBytes).ensureAlpha().raw().toBuffer();
            await sharp(await readFile(garmentPath))
              .ensureAlpha()
              .raw()
              .toBuffer();
          });
          // The same output the pipeline fetches: uint8 RGBA, converted in the graph.
          const run = await time(() => session.run(feeds, ['rgba']));
          const rgba = (run.value.rgba as ort.Tensor).data as Uint8Array;
          const enc = await time(() => encodePng(rgba, size.width, size.height));
          raw.push(decode.ms + run.ms + enc.ms);
          runs.push(run.ms);
        }

        // Compositing alone: the composite-over graph vs sharp composite() over the same three layers.
        const over = await sessions.get('composite-over');
        const n = size.width * size.height;
        const bg = new Float32Array(4 * n);
        bg.set(pixelsToPlanar(warm.scene).data, 0);
        bg.fill(1, 3 * n);
        // The twin layer as the model places it, for the compositing comparison.
        const twin = twinInput(warm.twin, warm.output);
        const person = placeCropReference(
          warpReference(rgbaToPremultiplied(twin.image.data, twin.image.width, twin.image.height), twin.tps, true),
          twin.tps,
          size.width,
          size.height,
        );
        const layer = new ort.Tensor('float32', person.data, [1, 4, size.height, size.width]);
        const overFeeds = {
          background: new ort.Tensor('float32', bg, [1, 4, size.height, size.width]),
          layer0: layer,
          layer1: layer,
          layer2: layer,
        };
        const layerRgba = premultipliedToRgba(person);
        const sceneRgb = await sharp(await readFile(scenePath))
          .resize(size.width, size.height, { fit: 'cover' })
          .removeAlpha()
          .raw()
          .toBuffer();
        const onnxMs: number[] = [];
        const sharpMs: number[] = [];
        for (let i = 0; i < iterations; i++) {
          onnxMs.push((await time(() => over.session.run(overFeeds))).ms);
          sharpMs.push(
            (
              await time(() =>
                sharp(sceneRgb, { raw: { width: size.width, height: size.height, channels: 3 } })
                  .composite(
                    [0, 1, 2].map(() => ({
                      input: Buffer.from(layerRgba.buffer, layerRgba.byteOffset, layerRgba.byteLength),
                      raw: { width: size.width, height: size.height, channels: 4 as const },
                    })),
                  )
                  .raw()
                  .toBuffer(),
              )
            ).ms,
          );
        }
        const medianMs = median(e2e);
        yield {
          size: label,
          provider: loaded.provider,
          iterations,
          medianMs: round(medianMs),
          stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(median(v))])),
          rawMs: round(median(raw)),
          rawSessionRunMs: round(median(runs)),
          overheadRatio: round(medianMs / median(raw), 3),
          compositeOnnxMs: round(median(onnxMs)),
          compositeSharpMs: round(median(sharpMs)),
          onnxVsSharp: round(median(onnxMs) / median(sharpMs), 3),
          cores: os.availableParallelism(),
        };
      } finally {
        await sessions.release();
        fx.ws.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  },
};
