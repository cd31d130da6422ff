import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSessionCache } from '../../src/render/index.ts';
import { defaultModelsDir } from '../../src/render/modelsDir.ts';
import { halfSizeShot, prepareShot, renderShot, type RenderResult } from '../../src/render/pipeline/index.ts';
import { bilinearResize, psnr, ssim } from '../../tests/helpers/imageQuality.ts';
import { makeRenderWorkspace } from '../../tests/helpers/renderWorkspace.ts';
import { type Benchmark, benchProvider, median, round } from './types.ts';

/**
 * The upscale path (render at half size, learned 2× upscale) against the direct full-size render of the same
 * demo-like shot at 1024×1536: end-to-end time both ways, and how close the upscaled image is to the direct one
 * (PSNR over RGB, SSIM of luma in 8×8 windows), beside a plain bilinear 2× of the same half-size render.
 */
export const upscaleBenchmark: Benchmark = {
  name: 'upscale',
  async *run({ iterations, log }) {
    const size = { width: 1024, height: 1536 };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-upscale-'));
    const fx = await makeRenderWorkspace(dir, { output: size, poseScale: 4 });
    const sessions = createSessionCache({ modelsDir: defaultModelsDir(), providers: [benchProvider()] });
    try {
      const { ws, shot } = fx;
      const direct = async (): Promise<RenderResult> => renderShot(await prepareShot(ws, shot), sessions);
      const upscaled = async (): Promise<RenderResult> =>
        renderShot(await prepareShot(ws, shot, { upscale: true }), sessions, { upscale: true });
      log('upscale 1024x1536: warming up');
      const reference = await direct();
      const learned = await upscaled();
      const half = await renderShot(await prepareShot(ws, halfSizeShot(shot)), sessions);
      const bilinear = bilinearResize(half, size.width, size.height);
      const directMs: number[] = [];
      const upscaleMs: number[] = [];
      const stages: Record<string, number[]> = {};
      for (let i = 0; i < iterations; i++) {
        let t0 = performance.now();
        await direct();
        directMs.push(performance.now() - t0);
        t0 = performance.now();
        const r = await upscaled();
        upscaleMs.push(performance.now() - t0);
        for (const [k, v] of Object.entries(r.timings)) (stages[k] ??= []).push(v);
      }
      yield {
        size: `${size.width}x${size.height}`,
        provider: learned.provider,
        iterations,
        directMs: round(median(directMs)),
        upscaleMs: round(median(upscaleMs)),
        speedup: round(median(directMs) / median(upscaleMs), 3),
        upscaleStages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(median(v))])),
        psnrDb: round(psnr(learned, reference), 2),
        ssim: round(ssim(learned, reference), 4),
        bilinearPsnrDb: round(psnr(bilinear, reference), 2),
        bilinearSsim: round(ssim(bilinear, reference), 4),
        cores: os.availableParallelism(),
      };
    } finally {
      await sessions.release();
      fx.ws.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
