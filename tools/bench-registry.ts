/**
 * Registry throughput: usage records pushed per second end to end (seal on the workstation, push over loopback
 * HTTP, verify and store on the registry) against the raw insert rate of the same rows into the same database.
 * Usage: node tools/bench-registry.ts [--n 100000] [--db sqlite|postgres|both] [--pg postgres://…]
 * Prints one JSON line per database.
 */
import { systemClock } from '../src/clock/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateKeyPair } from '../src/crypto/index.ts';
import { createEnrolmentToken, issueLicence, openRegistryStore, startRegistry } from '../src/registry/index.ts';
import { insertUsageRows, usageRow } from '../src/registry/usageRows.ts';
import { createSyncClient, enrolWithRegistry } from '../src/sync/index.ts';
import { createMemoryOutbox } from '../tests/helpers/memoryOutbox.ts';
import { testLicenceDraft } from '../tests/helpers/registryLicence.ts';
import { createTestDatabase, startTestPostgres, type TestPostgres } from '../tests/helpers/postgres.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'both' },
    pg: { type: 'string' },
  },
});
const n = Number(values.n);
const BATCH = 500;

type Rows = ReturnType<typeof createMemoryOutbox>['records'];

async function endToEnd(spec: string): Promise<{ sealMs: number; pushMs: number; rows: Rows }> {
  const registry = await startRegistry({ now: systemClock, db: spec });
  try {
    const key = generateKeyPair();
    await issueLicence(
      registry.store,
      registry.registryKey,
      testLicenceDraft({ licensee: { orgId: 'org-bench', name: 'Bench', brand: 'Bench', productLines: ['knitwear'] } }),
      systemClock,
    );
    const token = await createEnrolmentToken(registry.store, {
      now: systemClock,
      registryKeyId: registry.registryKey.keyId,
      orgId: 'org-bench',
    });
    const { registryPublicKeyPem: registryPublicKey } = await enrolWithRegistry({
      registryUrl: registry.url,
      enrolmentToken: token,
      workstationKey: key,
      orgId: 'org-bench',
    });
    const t0 = performance.now();
    const outbox = createMemoryOutbox(key);
    for (let i = 0; i < n; i++) outbox.append({ fee: 1250 });
    const t1 = performance.now();
    const client = createSyncClient({
      outbox,
      registryUrl: registry.url,
      workstationKey: key,
      registryPublicKeyPem: registryPublicKey,
      applyChange: () => undefined,
      now: () => new Date(),
      sleep: async () => undefined,
      random: Math.random,
      batchSize: BATCH,
      timeoutMs: 120_000,
    });
    const result = await client.syncOnce();
    if (result.ackedSeq !== n) throw new Error(`only ${result.ackedSeq} of ${n} records acked`);
    return { sealMs: t1 - t0, pushMs: performance.now() - t1, rows: outbox.records };
  } finally {
    await registry.close();
  }
}

/** The same rows, the same multi-row INSERT, the same batch transactions: no HTTP, no verification, no log. */
async function rawInsert(spec: string, rawRows: Rows): Promise<number> {
  const store = await openRegistryStore(spec);
  try {
    const wsId = rawRows[0]?.workstationId ?? 'ws-bench';
    await store.write((tx) =>
      tx.run(
        "INSERT INTO workstations (id, public_key_pem, org_id, enrolled_at, acked_seq, head_hash) VALUES (?, 'k', 'org-bench', ?, 0, ?)",
        [wsId, new Date().toISOString(), '0'.repeat(64)],
      ),
    );
    const t0 = performance.now();
    for (let i = 0; i < rawRows.length; i += BATCH) {
      const batch = rawRows.slice(i, i + BATCH).map((r, j) => usageRow(r, false, new Date(), i + j));
      await store.write((tx) => insertUsageRows(tx, batch, false));
    }
    return performance.now() - t0;
  } finally {
    await store.close();
  }
}

async function bench(db: 'sqlite' | 'postgres', spec: () => Promise<string>): Promise<void> {
  const { sealMs, pushMs, rows } = await endToEnd(await spec());
  const rawMs = await rawInsert(await spec(), rows);
  const endToEndPerSec = Math.round(n / ((sealMs + pushMs) / 1000));
  const rawInsertPerSec = Math.round(n / (rawMs / 1000));
  console.log(
    JSON.stringify({
      db,
      n,
      endToEndPerSec,
      rawInsertPerSec,
      ratio: Number((endToEndPerSec / rawInsertPerSec).toFixed(3)),
      sealMs: Math.round(sealMs),
      pushMs: Math.round(pushMs),
      rawMs: Math.round(rawMs),
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'twin-bench-'));
let cluster: TestPostgres | null = null;
try {
  if (values.db === 'sqlite' || values.db === 'both') {
    let k = 0;
    await bench('sqlite', async () => join(dir, `bench-${++k}.sqlite`));
  }
  if (values.db === 'postgres' || values.db === 'both') {
    const base = values.pg ?? (cluster = await startTestPostgres()).url;
    let k = 0;
    await bench('postgres', () => createTestDatabase(base, `bench_${process.pid}_${++k}`));
  }
} finally {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
