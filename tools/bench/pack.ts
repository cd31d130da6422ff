import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { openPackFiles } from '../../src/twins/index.ts';
import { craftZip } from '../../tests/helpers/zipCraft.ts';
import { type Benchmark, median, round } from './types.ts';

const MIB = 1024 * 1024;

function timed(iterations: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Reading a `.twinpack`. `lying member`: a member that declares 1000 bytes and inflates to 256 MiB is refused;
 * `ratio` is its cost against inflating those 256 MiB (what a reader without a cap pays), measured in the same
 * run — target ≤ 0.01. `honest member`: a 32 MiB member read, size- and CRC-checked, against a bare inflate.
 */
export const packBenchmark: Benchmark = {
  name: 'pack',
  async *run({ iterations, log }) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-pack-'));
    try {
      const lying = path.join(dir, 'lying.twinpack');
      const zeros = Buffer.alloc(256 * MIB);
      writeFileSync(lying, craftZip([{ name: 'poses/front.png', data: zeros, declaredSize: 1000 }]));
      const bomb = deflateRawSync(zeros);
      log('pack: lying member');
      const refusedMs = timed(iterations, () => {
        try {
          openPackFiles(lying);
        } catch {
          return;
        }
        throw new Error('the lying member was accepted');
      });
      const fullMs = timed(Math.min(iterations, 3), () => inflateRawSync(bomb));
      const ratio = round(refusedMs / fullMs, 4);
      yield { case: 'lying member', refusedMs: round(refusedMs, 2), fullInflateMs: round(fullMs), ratio };

      const honest = path.join(dir, 'honest.twinpack');
      const data = Buffer.concat([randomBytes(16 * MIB), Buffer.alloc(16 * MIB, 7)]);
      writeFileSync(honest, craftZip([{ name: 'poses/front.png', data }]));
      const compressed = deflateRawSync(data);
      log('pack: honest member');
      const readMs = timed(iterations, () => openPackFiles(honest).read('poses/front.png'));
      const floorMs = timed(iterations, () => inflateRawSync(compressed));
      const ratio2 = round(readMs / floorMs, 2);
      yield { case: 'honest member', mib: 32, readMs: round(readMs), inflateFloorMs: round(floorMs), ratio: ratio2 };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
