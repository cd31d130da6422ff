import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Benchmark } from './types.ts';

/** Export throughput for 200 approved outputs against a plain sharp resize + encode of the same files (tools/bench-export.ts). */
export const exportBenchmark: Benchmark = {
  name: 'export',
  async *run({ log }) {
    log('export: 200 outputs, preset marketplace');
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '..', 'bench-export.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith('{')) continue;
      const { bench: _bench, ...rest } = JSON.parse(line) as Record<string, unknown>;
      yield rest;
    }
  },
};
