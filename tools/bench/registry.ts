import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Benchmark } from './types.ts';

/**
 * Usage records synced per second (push, verify and store on the registry) against the floor of a raw insert of
 * the same rows plus each record's signature check, for SQLite and PostgreSQL. Runs tools/bench-registry.ts, which starts its own
 * throwaway PostgreSQL cluster; `TWIN_BENCH_REGISTRY_N` sets the record count (default 100 000).
 */
export const registryBenchmark: Benchmark = {
  name: 'registry',
  async *run({ log }) {
    const n = process.env.TWIN_BENCH_REGISTRY_N ?? '100000';
    log(`registry: pushing ${n} records to SQLite and PostgreSQL`);
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '..', 'bench-registry.ts'), '--n', n], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith('{')) continue;
      const { bench: _bench, ...rest } = JSON.parse(line) as Record<string, unknown>;
      yield rest;
    }
  },
};
