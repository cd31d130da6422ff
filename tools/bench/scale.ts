import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeRenderWorkspace } from '../../tests/helpers/renderWorkspace.ts';
import { type Benchmark, round } from './types.ts';

/** Square sides measured; TWIN_BENCH_SCALE_SIDES="1024,2048" picks fewer (8192² takes minutes on two cores). */
const SIDES = (process.env.TWIN_BENCH_SCALE_SIDES ?? '1024,2048,4096,8192').split(',').map(Number);
/** Peak RSS allowed at 8192×8192. */
const RSS_LIMIT_MB = 2048;

/**
 * Render + stamp (PNG) of the demo-like shot at square sizes from 1024² to 8192², each size in its own process so
 * its peak RSS is its own. The floor is the smallest size's time per pixel, measured in the same run: `ratio`
 * is each size's time per pixel against it (flat: near 1), `cpuRatio` the same in CPU time (all threads), which a
 * shared machine's load moves less. Large frames render in tiles on every provider.
 */
export const scaleBenchmark: Benchmark = {
  name: 'scale',
  async *run({ iterations, log }) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-scale-'));
    try {
      const fx = await makeRenderWorkspace(dir, { output: { width: 1024, height: 1024 }, poseScale: 8 });
      fx.ws.close();
      let floor: { nsPerPixel: number; cpuNsPerPixel: number } | undefined;
      for (const side of SIDES) {
        log(`scale ${side}x${side}`);
        const runs = side <= 2048 ? Math.min(3, iterations) : 1;
        const out = execFileSync(
          process.execPath,
          [path.join(import.meta.dirname, 'scaleCase.ts'), fx.ws.dir, String(side), String(runs)],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 20,
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        const line = JSON.parse(out.trim().split('\n').pop() as string) as {
          nsPerPixel: number;
          cpuNsPerPixel: number;
          peakRssMb: number;
        };
        floor ??= line;
        yield {
          ...line,
          ratio: round(line.nsPerPixel / floor.nsPerPixel, 2),
          cpuRatio: round(line.cpuNsPerPixel / floor.cpuNsPerPixel, 2),
          ...(side === 8192 ? { rssLimitMb: RSS_LIMIT_MB, rssOk: line.peakRssMb <= RSS_LIMIT_MB } : {}),
        };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
