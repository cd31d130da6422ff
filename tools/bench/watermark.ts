import { detectWatermark, embedWatermark } from '../../src/provenance/watermark/index.ts';
import { syntheticPhoto } from '../../tests/helpers/images.ts';
import { type Benchmark, median, round } from './types.ts';

function timeMs(run: () => unknown, iterations: number): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return round(median(times));
}

/** Embed and detect at render size: detect on a marked image (stops at the first hit) and on an unmarked one (full search). */
export const watermarkBenchmark: Benchmark = {
  name: 'watermark',
  async *run({ iterations }) {
    const image = await syntheticPhoto(1024, 1536, 1);
    const marked = embedWatermark(image, 0x0123456789abn);
    yield {
      size: '1024x1536',
      embedMs: timeMs(() => embedWatermark(image, 0x0123456789abn), iterations),
      detectMs: timeMs(() => detectWatermark(marked), iterations),
      detectUnmarkedMs: timeMs(() => detectWatermark(image), iterations),
    };
  },
};
