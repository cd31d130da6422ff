import { detectWatermark, embedWatermark } from '../../src/provenance/watermark/index.ts';
import { syntheticPhoto } from '../../tests/helpers/images.ts';
import { type Benchmark, median, round } from './types.ts';

function timeMs(run: () => unknown, iterations: number, setUp: () => void = () => undefined): number {
  setUp();
  run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    setUp();
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return round(median(times));
}

/**
 * Embed and detect at render size. `embedMs` is the stamper's case: RGBA pixels marked in place (restored
 * before each run, untimed); `embedRgbMs` marks an RGB image into a new buffer. Detect on a marked image (stops
 * at the first hit) and on an unmarked one (full search).
 */
export const watermarkBenchmark: Benchmark = {
  name: 'watermark',
  async *run({ iterations }) {
    const image = await syntheticPhoto(1024, 1536, 1);
    const marked = embedWatermark(image, 0x0123456789abn);
    const rgba = new Uint8Array(image.width * image.height * 4).fill(255);
    for (let p = 0; p < image.width * image.height; p++) rgba.set(image.data.subarray(p * 3, p * 3 + 3), p * 4);
    const work = new Uint8Array(rgba.length);
    const workImage = { data: work, width: image.width, height: image.height, channels: 4 as const };
    yield {
      size: '1024x1536',
      embedMs: timeMs(
        () => embedWatermark(workImage, 0x0123456789abn, { inPlace: true }),
        iterations,
        () => work.set(rgba),
      ),
      embedRgbMs: timeMs(() => embedWatermark(image, 0x0123456789abn), iterations),
      detectMs: timeMs(() => detectWatermark(marked), iterations),
      detectUnmarkedMs: timeMs(() => detectWatermark(image), iterations),
    };
  },
};
