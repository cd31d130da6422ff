import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { round, type Benchmark } from './types.ts';

async function peakFor(shots: number): Promise<Record<string, number>> {
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '..', 'bench-batch.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_SHOTS: String(shots) },
  });
  let result: Record<string, number> | undefined;
  for await (const line of createInterface({ input: child.stdout }))
    if (line.startsWith('{')) result = JSON.parse(line) as Record<string, number>;
  if (!result) throw new Error(`bench-batch with ${shots} shots printed no result`);
  return result;
}

/**
 * `render --batch` streams its shots with bounded concurrency, so peak memory does not grow with the batch:
 * peak RSS at 500 small shots against the floor measured in the same run, 50 shots (ratio ≈ 1 is flat).
 * `TWIN_BENCH_BATCH` sets the sizes (default "50,500").
 */
export const batchBenchmark: Benchmark = {
  name: 'batch',
  async *run({ log }) {
    const [small, large] = (process.env.TWIN_BENCH_BATCH ?? '50,500').split(',').map(Number) as [number, number];
    log(`batch: render --batch of ${small} and of ${large} shots at 256x384, each in its own process`);
    const floor = await peakFor(small);
    const big = await peakFor(large);
    yield {
      case: `${large} vs ${small} shots`,
      peakRssMiB: big.peakRssMiB,
      floorPeakRssMiB: floor.peakRssMiB,
      ratio: round((big.peakRssMiB ?? 0) / (floor.peakRssMiB ?? 1), 2),
      msPerShot: big.msPerShot,
      floorMsPerShot: floor.msPerShot,
    };
  },
};
