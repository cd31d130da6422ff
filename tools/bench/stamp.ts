import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStudio } from '../../src/app/index.ts';
import { createProvenance } from '../../src/app/provenance.ts';
import { createSessionCache } from '../../src/render/index.ts';
import { createRenderPool } from '../../src/render/jobs/index.ts';
import { defaultModelsDir } from '../../src/render/modelsDir.ts';
import { prepareShot, renderShot } from '../../src/render/pipeline/index.ts';
import { makeRenderWorkspace } from '../../tests/helpers/renderWorkspace.ts';
import { type Benchmark, benchProvider, median, round } from './types.ts';

/**
 * The cost of stamping as a share of a whole render at 1024×1536 (render + stamp), both measured in the same run on
 * the same shot. Target: stamping ≤ 10 % of the total. `labelWatermarkShare` is the definition (label +
 * watermark + XMP; the XMP packet rides in the encode, which any output pays); `stampShareExcludingEncode` adds
 * C2PA signing; `stampShare` is everything after the render, the encode included.
 */
export const stampBenchmark: Benchmark = {
  name: 'stamp',
  async *run({ iterations, log }) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-stamp-'));
    try {
      const fx = await makeRenderWorkspace(dir, { output: { width: 1024, height: 1536 }, poseScale: 4 });
      fx.ws.close();
      const studio = openStudio(fx.ws.dir, { now: fx.ws.now, env: process.env });
      const provenance = await createProvenance(studio.ws);
      const sessions = createSessionCache({ modelsDir: defaultModelsDir(), providers: [benchProvider()] });
      const shot = studio.ws.shots.load(fx.shot.shotId);
      const pack = await studio.ws.twins.load(shot.twin.twinId);
      log('stamp 1024x1536: warming up');
      const warm = await renderShot(await prepareShot(studio.ws, shot), sessions);
      const usage = {
        usageId: '01936b2e-7c3a-7def-8123-456789abcdef',
        code: '4567-89AB-CDEF',
        twinId: pack.manifest.twinId,
        displayName: pack.manifest.displayName,
        licenceId: shot.twin.licenceId,
        consentId: pack.manifest.consent.consentId,
        licensor: 'Bench',
        modelIds: warm.models,
      };
      const rgba = {
        data: Buffer.from(warm.rgba.buffer, warm.rgba.byteOffset, warm.rgba.byteLength),
        width: warm.width,
        height: warm.height,
      };
      await provenance.stamper.stamp({ rgba, format: 'png', usage });
      type Rendered = { rgba: Uint8Array; width: number; height: number };
      // The render either in this thread, or as the studio runs it: in a render worker, pixels transferred back.
      const pool = createRenderPool({
        modelsDir: defaultModelsDir(),
        providers: [benchProvider()],
        size: 1,
        now: fx.ws.now,
      });
      const ways: Record<'inProcess' | 'worker', () => Promise<Rendered>> = {
        inProcess: async () => renderShot(await prepareShot(studio.ws, shot), sessions),
        worker: () => pool.run({ workspaceDir: studio.ws.dir, shot, providers: [benchProvider()] }),
      };
      await ways.worker();
      try {
        for (const [way, render] of Object.entries(ways)) {
          const renders: number[] = [];
          const stamps: number[] = [];
          const parts: Record<string, number[]> = {};
          for (let i = 0; i < iterations; i++) {
            // As the output step does: the label is planned when the render begins, and lays out while it runs.
            const labelPlan = provenance.stamper.planLabel({ width: 1024, height: 1536, usage });
            const t0 = performance.now();
            const r = await render();
            renders.push(performance.now() - t0);
            // As the output writer does: the render's pixels are handed over and stamped in place.
            const s = await provenance.stamper.stamp({
              rgba: {
                data: Buffer.from(r.rgba.buffer, r.rgba.byteOffset, r.rgba.byteLength),
                width: r.width,
                height: r.height,
              },
              format: 'png',
              usage,
              inPlace: true,
              labelPlan,
            });
            stamps.push(s.timings.totalMs);
            for (const [k, v] of Object.entries(s.timings)) (parts[k] ??= []).push(v);
          }
          const renderMs = median(renders);
          const stampMs = median(stamps);
          const labelWatermark = median(parts.labelMs ?? [0]) + median(parts.watermarkMs ?? [0]);
          const stamping = labelWatermark + median(parts.c2paMs ?? [0]);
          yield {
            size: '1024x1536',
            render: way,
            format: 'png',
            renderMs: round(renderMs),
            stampMs: round(stampMs),
            stages: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(median(v))])),
            stampShare: round(stampMs / (renderMs + stampMs), 3),
            labelWatermarkShare: round(labelWatermark / (renderMs + stampMs), 3),
            stampShareExcludingEncode: round(stamping / (renderMs + stampMs), 3),
            target: 0.1,
          };
        }
      } finally {
        await pool.terminate();
        await sessions.release();
        studio.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
