/**
 * Transparency-log reads at scale: p50/p99 latency of inclusion proofs, consistency proofs and checkpoints over
 * loopback HTTP against a registry whose log holds `--n` leaves (default 1 000 000), next to the floor of the same
 * server answering a request that reads nothing (`GET /v1/registry-key`), measured in the same run. `ratio` is that
 * floor's p99 over the proofs' p99 (1 = a proof costs no more than an empty request); the target is a proof p99
 * ≤ 10 ms. `rehashMs` is what one request cost when the whole tree was rehashed from its leaves.
 * Usage: node tools/bench-tlog.ts [--n 1000000] [--requests 500] [--db sqlite|postgres|both] [--pg postgres://…]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/clock/index.ts';
import { nodeHash, openRegistryStore, rootOf, startRegistry } from '../src/registry/index.ts';
import { closingNodes, insertTreeNodes } from '../src/registry/treeNodes.ts';
import { createTestDatabase, startTestPostgres, type TestPostgres } from '../tests/helpers/postgres.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '1000' },
    db: { type: 'string', default: 'sqlite' },
    pg: { type: 'string' },
  },
});
const n = Number(values.n);
const requests = Number(values.requests);
const BATCH = 20_000;

const leafOf = (i: number): Buffer => createHash('sha256').update(`leaf ${i}`).digest();

/**
 * Leaves and their closed subtrees written in bulk, as a registry that took n records would have them; returns the
 * root the right edge gives (no leaf kept in memory, so the latencies below do not pay for collecting them).
 */
async function build(spec: string): Promise<{ ms: number; root: Buffer }> {
  const store = await openRegistryStore(spec);
  const t0 = performance.now();
  try {
    const frontier = new Map<number, Buffer>();
    for (let start = 0; start < n; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, n - start) }, (_, j) => leafOf(start + j));
      await store.write(async (tx) => {
        for (let i = 0; i < batch.length; i += 500) {
          const chunk = batch.slice(i, i + 500);
          await tx.run(
            `INSERT INTO tlog (leaf_index, leaf_hash, workstation_id, record_id) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
            chunk.flatMap((leaf, j) => [start + i + j, leaf.toString('hex'), 'ws-bench', `r-${start + i + j}`]),
          );
        }
        await insertTreeNodes(tx, closingNodes(start, batch, frontier));
      });
    }
    const levels = [...frontier.keys()].sort((a, b) => a - b);
    const root = levels.reduce<Buffer | null>((acc, l) => {
      const node = frontier.get(l) as Buffer;
      return acc ? nodeHash(node, acc) : node;
    }, null);
    return { ms: performance.now() - t0, root: root ?? Buffer.alloc(32) };
  } finally {
    await store.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function latencies(url: string, paths: () => string): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const response = await fetch(new URL(paths(), url));
    if (!response.ok) throw new Error(`${paths()} answered ${response.status}`);
    await response.arrayBuffer();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: Number(percentile(times, 50).toFixed(2)), p99: Number(percentile(times, 99).toFixed(2)) };
}

async function bench(db: 'sqlite' | 'postgres', spec: string): Promise<void> {
  const built = await build(spec);
  const registry = await startRegistry({ now: systemClock, db: spec });
  try {
    const checkpoint = (await (await fetch(new URL('/v1/checkpoint', registry.url))).json()) as { rootHash: string };
    if (checkpoint.rootHash !== built.root.toString('hex'))
      throw new Error('the stored tree disagrees with its leaves');
    const random = (below: number) => 1 + Math.floor(Math.random() * (below - 1));
    await latencies(registry.url, () => '/v1/registry-key'); // warm-up
    const floor = await latencies(registry.url, () => '/v1/registry-key');
    const inclusion = await latencies(registry.url, () => `/v1/proof/inclusion?leaf=${random(n)}&treeSize=${n}`);
    const consistency = await latencies(registry.url, () => `/v1/proof/consistency?from=${random(n)}&to=${n}`);
    const checkpoints = await latencies(registry.url, () => '/v1/checkpoint');
    const p99 = Math.max(inclusion.p99, consistency.p99);
    // What each request cost before the nodes were stored: every leaf rehashed (measured last, off the clock above).
    const leaves = Array.from({ length: n }, (_, i) => leafOf(i));
    const t0 = performance.now();
    if (!rootOf(leaves).equals(built.root)) throw new Error('the leaves rehashed disagree with the stored tree');
    const rehashMs = performance.now() - t0;
    console.log(
      JSON.stringify({
        bench: 'tlog',
        db,
        n,
        requests,
        inclusionP50Ms: inclusion.p50,
        inclusionP99Ms: inclusion.p99,
        consistencyP50Ms: consistency.p50,
        consistencyP99Ms: consistency.p99,
        checkpointP99Ms: checkpoints.p99,
        floorP99Ms: floor.p99,
        ratio: Number((floor.p99 / p99).toFixed(3)),
        targetP99Ms: 10,
        ok: p99 <= 10,
        rehashMs: Math.round(rehashMs),
        buildMs: Math.round(built.ms),
      }),
    );
  } finally {
    await registry.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'twin-bench-tlog-'));
let cluster: TestPostgres | null = null;
try {
  if (values.db === 'sqlite' || values.db === 'both') await bench('sqlite', join(dir, 'tlog.sqlite'));
  if (values.db === 'postgres' || values.db === 'both') {
    const base = values.pg ?? (cluster = await startTestPostgres()).url;
    await bench('postgres', await createTestDatabase(base, `bench_tlog_${process.pid}`));
  }
} finally {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
