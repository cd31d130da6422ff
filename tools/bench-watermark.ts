/**
 * Times the watermark at render size (1024x1536) and prints one JSON line:
 * {"bench":"watermark","size":"1024x1536","embedMs":…,"detectMs":…,"detectUnmarkedMs":…}
 * embedMs and detectMs are medians over warm runs; detectMs reads a marked image (stops at the
 * first hit), detectUnmarkedMs an unmarked one (the full pitch search, the slowest case).
 */
import { syntheticPhoto } from '../tests/helpers/images.ts';
import { detectWatermark, embedWatermark } from '../src/provenance/watermark/index.ts';

const RUNS = Number(process.argv[2] ?? 15);

function medianMs(run: () => unknown): number {
  run(); // warm the JIT
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
}

const image = await syntheticPhoto(1024, 1536, 1);
const marked = embedWatermark(image, 0x0123456789abn);
const embedMs = medianMs(() => embedWatermark(image, 0x0123456789abn));
const detectMs = medianMs(() => detectWatermark(marked));
const detectUnmarkedMs = medianMs(() => detectWatermark(image));
console.log(JSON.stringify({ bench: 'watermark', size: '1024x1536', embedMs, detectMs, detectUnmarkedMs }));
