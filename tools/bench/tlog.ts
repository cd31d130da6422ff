import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Benchmark } from './types.ts';

/**
 * Transparency-log proofs and checkpoints at 1 000 000 leaves (p50/p99 over loopback HTTP) against the floor of a
 * request that reads nothing, on SQLite. Runs tools/bench-tlog.ts; `TWIN_BENCH_TLOG_N` sets the leaf count and
 * `TWIN_BENCH_TLOG_DB` the databases (sqlite, postgres or both).
 */
export const tlogBenchmark: Benchmark = {
  name: 'tlog',
  async *run({ log }) {
    const n = process.env.TWIN_BENCH_TLOG_N ?? '1000000';
    const db = process.env.TWIN_BENCH_TLOG_DB ?? 'sqlite';
    log(`tlog: ${n} leaves on ${db}`);
    const child = spawn(
      process.execPath,
      [path.resolve(import.meta.dirname, '..', 'bench-tlog.ts'), '--n', n, '--db', db],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith('{')) continue;
      const { bench: _bench, ...rest } = JSON.parse(line) as Record<string, unknown>;
      yield rest;
    }
  },
};
