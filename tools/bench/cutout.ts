import os from 'node:os';
import sharp from 'sharp';
import { drawMannequinPose } from '../../src/demo/art/index.ts';
import { cutOutPhoto, cutoutPng, type CutoutStage } from '../../src/ingest/cutout/index.ts';
import { cutOutInWorker } from '../../src/ingest/cutout/inWorker.ts';
import { BACKDROPS, studioPhoto } from '../../tests/helpers/studioPhoto.ts';
import { type Benchmark, median, round } from './types.ts';

/**
 * A 24-megapixel studio photo (6000×4000, a mannequin on graded grey paper with its shadow, JPEG q85) cut out:
 * in the calling thread with per-stage times, and end to end in the worker thread as `twin prepare` runs it (PNG
 * included). The floor, measured in the same run, is decoding the photo alone; target: the worker path ≤ 3000 ms
 * on the 2-core CI machine. On a shared, loaded machine the calling-thread run's CPU time is the figure to read.
 */
export const cutoutBenchmark: Benchmark = {
  name: 'cutout',
  async *run({ iterations, log }) {
    log('cutout: drawing a 6000×4000 studio photo');
    const art = await drawMannequinPose('walking');
    const photo = await studioPhoto(art.png, BACKDROPS.lightGrey, {
      scale: 2.4,
      canvas: { width: 6000, height: 4000 },
    });
    const floorMs: number[] = [];
    const inlineMs: number[] = [];
    const inlineCpuMs: number[] = [];
    const workerMs: number[] = [];
    const stages: Record<string, number[]> = {};
    for (let i = 0; i < iterations; i++) {
      let t0 = performance.now();
      await sharp(photo.jpeg).raw().toBuffer();
      floorMs.push(performance.now() - t0);

      t0 = performance.now();
      const cpu0 = process.cpuUsage();
      let last = t0;
      const stage: Partial<Record<CutoutStage, number>> = {};
      const cut = await cutOutPhoto(photo.jpeg, {
        onProgress: (s, f) => {
          if (f < 1) return;
          const now = performance.now();
          stage[s] = (stage[s] ?? 0) + now - last;
          last = now;
        },
      });
      const t1 = performance.now();
      await cutoutPng(cut);
      stage.encode = performance.now() - t1;
      inlineMs.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      inlineCpuMs.push((cpu.user + cpu.system) / 1000);
      for (const [k, v] of Object.entries(stage)) (stages[k] ??= []).push(v);

      t0 = performance.now();
      await cutoutPng(await cutOutInWorker(photo.jpeg));
      workerMs.push(performance.now() - t0);
      log(`cutout: iteration ${i + 1}: worker ${round(workerMs[i]!)} ms`);
    }
    yield {
      size: `${photo.width}x${photo.height}`,
      megapixels: round((photo.width * photo.height) / 1e6, 1),
      iterations,
      floorDecodeMs: round(median(floorMs)),
      inlineMs: round(median(inlineMs)),
      // CPU time of the calling-thread run (sharp's threads included): what the wall time is on an idle machine.
      inlineCpuMs: round(median(inlineCpuMs)),
      workerMs: round(median(workerMs)),
      ratioToDecode: round(median(workerMs) / median(floorMs), 2),
      targetMs: 3000,
      stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(median(v))])),
      cores: os.availableParallelism(),
      loadAverage: round(os.loadavg()[0]!, 1),
    };
  },
};
