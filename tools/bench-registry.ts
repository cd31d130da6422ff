/**
 * Registry throughput: usage records synced per second (push over loopback HTTP in the client's batches, checked
 * and stored on the registry with their log leaves, receipts checked by the client) against the floor of the same
 * rows' raw insert into the same database plus each record's hash and signature check, measured in the same run.
 * `ratio` is sync against that floor; `endToEndPerSec` and `endToEndRatio` count the workstation's sealing too
 * (done once per render, before any sync). Usage: node tools/bench-registry.ts [--n 100000]
 * [--db sqlite|postgres|both] [--pg postgres://…]. Prints one JSON line per database.
 */
import { systemClock } from '../src/clock/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateKeyPair, parsePublicKey } from '../src/crypto/index.ts';
import { checkRecordLink } from '../src/ledger/index.ts';
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

async function endToEnd(spec: string): Promise<{ sealMs: number; pushMs: number; rows: Rows; publicKeyPem: string }> {
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
    return { sealMs: t1 - t0, pushMs: performance.now() - t1, rows: outbox.records, publicKeyPem: key.publicKeyPem };
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

/** Each record's link, hash and signature checked with the key parsed once: what the registry cannot skip. */
function verifyAll(rows: Rows, publicKeyPem: string): number {
  const key = parsePublicKey(publicKeyPem);
  const t0 = performance.now();
  let previous: { seq: number; hash: string } | null = null;
  for (const r of rows) {
    const problem = checkRecordLink(r, previous, key);
    if (problem) throw new Error(`record ${r.seq} fails its check: ${problem}`);
    previous = { seq: r.seq, hash: r.hash };
  }
  return performance.now() - t0;
}

async function bench(db: 'sqlite' | 'postgres', spec: () => Promise<string>): Promise<void> {
  const { sealMs, pushMs, rows, publicKeyPem } = await endToEnd(await spec());
  const rawMs = await rawInsert(await spec(), rows);
  const verifyMs = verifyAll(rows, publicKeyPem);
  const perSec = (ms: number) => Math.round(n / (ms / 1000));
  const syncPerSec = perSec(pushMs);
  const floorPerSec = perSec(rawMs + verifyMs);
  const endToEndPerSec = perSec(sealMs + pushMs);
  console.log(
    JSON.stringify({
      bench: 'registry',
      db,
      n,
      syncPerSec,
      floorPerSec,
      ratio: Number((syncPerSec / floorPerSec).toFixed(3)),
      endToEndPerSec,
      endToEndRatio: Number((endToEndPerSec / floorPerSec).toFixed(3)),
      rawInsertPerSec: perSec(rawMs),
      sealMs: Math.round(sealMs),
      pushMs: Math.round(pushMs),
      rawMs: Math.round(rawMs),
      verifyMs: Math.round(verifyMs),
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
