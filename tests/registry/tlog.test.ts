import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStudioError } from '../../src/errors/index.ts';
import {
  issueLicence,
  leafHash,
  rebuildTreeNodes,
  rootOf,
  startRegistry,
  verifyConsistency,
  verifyInclusion,
  type RunningRegistry,
} from '../../src/registry/index.ts';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { enrolledWorkstation, type EnrolledWorkstation } from '../helpers/enrolledWorkstation.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

async function getJson<T>(registry: RunningRegistry, path: string): Promise<T> {
  const response = await fetch(new URL(path, registry.url));
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** The log's tree lives in the database (tlog_nodes); receipts name each record's leaf and the signed tree. */
describe.each<DbKind>(['sqlite', 'postgres'])('transparency log with stored nodes (%s)', (kind) => {
  let dbs: DbFactory;
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterAll(() => dbs?.dispose());

  const withRegistry = async (fn: (registry: RunningRegistry) => Promise<void>): Promise<void> => {
    const registry = await startRegistry({ now: runningFixtureClock(), db: await dbs.fresh() });
    try {
      await issueLicence(registry.store, registry.registryKey, testLicenceDraft(), fixtureClock);
      await fn(registry);
    } finally {
      await registry.close();
    }
  };

  it('answers checkpoints and proofs from stored nodes that match a tree rebuilt from every leaf', async () => {
    await withRegistry(async (registry) => {
      const ws = await enrolledWorkstation(registry);
      const client = ws.client({ batchSize: 7 });
      const checkpoints: { treeSize: number; rootHash: string }[] = [];
      for (const n of [1, 2, 5, 9, 16]) {
        for (let i = 0; i < n; i++) ws.outbox.append();
        await client.syncOnce();
        checkpoints.push(await getJson(registry, '/v1/checkpoint'));
      }
      const leaves = ws.outbox.records.map((r) => leafHash(hex(r.hash)));
      for (const cp of checkpoints) expect(cp.rootHash).toBe(rootOf(leaves.slice(0, cp.treeSize)).toString('hex'));
      const last = checkpoints.at(-1) as { treeSize: number; rootHash: string };
      expect(last.treeSize).toBe(33);
      for (const size of [1, 6, 17, 33]) {
        const root = rootOf(leaves.slice(0, size));
        for (const leaf of [0, Math.floor(size / 2), size - 1]) {
          const proof = await getJson<{ leafHash: string; path: string[] }>(
            registry,
            `/v1/proof/inclusion?leaf=${leaf}&treeSize=${size}`,
          );
          expect(proof.leafHash).toBe((leaves[leaf] as Buffer).toString('hex'));
          expect(verifyInclusion(leaves[leaf] as Buffer, leaf, size, proof.path.map(hex), root)).toBe(true);
        }
      }
      for (const [from, to] of [
        [1, 33],
        [3, 8],
        [8, 17],
        [17, 33],
      ] as const) {
        const proof = await getJson<{ path: string[] }>(registry, `/v1/proof/consistency?from=${from}&to=${to}`);
        const ok = verifyConsistency(
          from,
          to,
          rootOf(leaves.slice(0, from)),
          rootOf(leaves.slice(0, to)),
          proof.path.map(hex),
        );
        expect(ok, `${from}→${to}`).toBe(true);
      }
      // Out of range is a typed refusal, never a database error.
      for (const [query, code] of [
        ['leaf=99999999999', 'LOG_LEAF_INVALID'],
        ['leaf=33', 'LOG_LEAF_INVALID'],
        ['leaf=0&treeSize=99999999999', 'LOG_SIZE_INVALID'],
      ]) {
        const response = await fetch(new URL(`/v1/proof/inclusion?${query}`, registry.url));
        expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([
          400,
          code,
        ]);
      }
      // Each receipt names where its records sit and the tree it signed; the public endpoint agrees.
      const receipt = ws.outbox.receipts.at(-1);
      expect(receipt).toMatchObject({ treeSize: 33, rootHash: last.rootHash, ackedSeq: 33 });
      const run = receipt?.leaves?.at(-1) as { seq: number; leafIndex: number; count: number };
      expect(run.seq + run.count - 1).toBe(33);
      const named = await getJson<{ recordId: string }>(registry, `/v1/proof/inclusion?leaf=${run.leafIndex}`);
      expect(named.recordId).toBe(ws.outbox.records[run.seq - 1]?.id);
    });
  });

  it('fills the nodes of an older database from its leaves when it migrates', async () => {
    const db = await dbs.fresh();
    let registry = await startRegistry({ now: runningFixtureClock(), db });
    try {
      await issueLicence(registry.store, registry.registryKey, testLicenceDraft(), fixtureClock);
      const ws = await enrolledWorkstation(registry);
      for (let i = 0; i < 11; i++) ws.outbox.append();
      await ws.client().syncOnce();
      const before = await getJson<{ rootHash: string }>(registry, '/v1/checkpoint');
      await registry.store.write(async (tx) => {
        await tx.run('DROP TABLE tlog_nodes');
        await tx.run('DROP INDEX tlog_by_record');
        await tx.run("UPDATE registry_schema SET version = 4 WHERE domain = 'registry'");
      });
      await registry.close();
      registry = await startRegistry({ now: runningFixtureClock(), db });
      const after = await getJson<{ treeSize: number; rootHash: string }>(registry, '/v1/checkpoint');
      expect(after).toMatchObject({ treeSize: 11, rootHash: before.rootHash });
      for (let i = 0; i < 2; i++) ws.outbox.append();
      await ws.client({ registryUrl: registry.url }).syncOnce();
      expect(ws.outbox.receipts.at(-1)?.rootHash).toBe(
        rootOf(ws.outbox.records.map((r) => leafHash(hex(r.hash)))).toString('hex'),
      );
    } finally {
      await registry.close();
    }
  });

  it('proves a resent batch (lost reply) from the leaves it already has', async () => {
    await withRegistry(async (registry) => {
      const ws = await enrolledWorkstation(registry);
      for (let i = 0; i < 3; i++) ws.outbox.append();
      await ws.client().syncOnce();
      for (let i = 0; i < 4; i++) ws.outbox.append();
      // The registry stores seq 4…7, but the reply is lost before the workstation records it.
      const acknowledge = ws.outbox.acknowledge;
      ws.outbox.acknowledge = () => {
        ws.outbox.acknowledge = acknowledge;
        throw new Error('crashed before keeping the receipt');
      };
      await expect(ws.client().syncOnce()).rejects.toThrow('crashed');
      expect(ws.outbox.ackedSeq()).toBe(3);
      await ws.client().syncOnce();
      expect(ws.outbox.ackedSeq()).toBe(7);
      expect(ws.outbox.receipts.at(-1)?.leaves).toEqual([{ seq: 4, leafIndex: 3, count: 4 }]);
    });
  });

  it('refuses a receipt for records the registry left out of its log, and keeps them unacked', async () => {
    await withRegistry(async (registry) => {
      const ws = await enrolledWorkstation(registry);
      for (let i = 0; i < 4; i++) ws.outbox.append();
      await ws.client().syncOnce();
      expect(ws.outbox.ackedSeq()).toBe(4);
      // The operator drops new leaves on the floor: records are stored and acked, but never reach the log.
      await registry.store.exec(
        kind === 'sqlite'
          ? 'CREATE TRIGGER hide_leaves BEFORE INSERT ON tlog BEGIN SELECT RAISE(IGNORE); END'
          : 'CREATE RULE hide_leaves AS ON INSERT TO tlog DO INSTEAD NOTHING',
      );
      for (let i = 0; i < 3; i++) ws.outbox.append();
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await ws
          .client()
          .syncOnce()
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(isStudioError(error) && error.code, String(error)).toBe('SYNC_INCLUSION_FAILED');
        expect(ws.outbox.ackedSeq()).toBe(4);
      }
    });
  });

  /** What a failed sync threw (its code), or null when it went through. */
  const syncError = (ws: EnrolledWorkstation, onLease?: () => void): Promise<unknown> =>
    ws
      .client(onLease ? { onLease } : {})
      .syncOnce()
      .then(
        () => null,
        (e: unknown) => e,
      );
  const codeOf = (e: unknown): string | null => (isStudioError(e) ? e.code : null);

  it('refuses a registry that rewrote a leaf between two syncs: nothing acked, no lease', async () => {
    await withRegistry(async (registry) => {
      const ws = await enrolledWorkstation(registry);
      for (let i = 0; i < 4; i++) ws.outbox.append();
      await ws.client().syncOnce();
      // Leaf 1 now says something else; the operator recomputes the stored tree so every new proof holds.
      await registry.store.write(async (tx) => {
        await tx.run('UPDATE tlog SET leaf_hash = ? WHERE leaf_index = 1', ['cd'.repeat(32)]);
        await rebuildTreeNodes(tx);
      });
      // No new records: the lease names the rewritten tree of the same size.
      let leases = 0;
      const refused = await syncError(ws, () => void leases++);
      expect(codeOf(refused), String(refused)).toBe('SYNC_LOG_INCONSISTENT');
      expect(leases).toBe(0);
      // New records: the receipt's tree grows from the rewritten history.
      for (let i = 0; i < 3; i++) ws.outbox.append();
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await syncError(ws);
        expect(codeOf(error), String(error)).toBe('SYNC_LOG_INCONSISTENT');
        expect(ws.outbox.ackedSeq()).toBe(4);
      }
    });
  });

  it('refuses a registry that truncated its log between two syncs, shrunk or grown again', async () => {
    await withRegistry(async (registry) => {
      const ws = await enrolledWorkstation(registry);
      const other = await enrolledWorkstation(registry);
      for (let i = 0; i < 3; i++) ws.outbox.append();
      await ws.client().syncOnce();
      for (let i = 0; i < 2; i++) other.outbox.append();
      await other.client().syncOnce();
      // The lease of this sync names the tree of 5 leaves, other's included.
      await ws.client().syncOnce();
      await registry.store.write(async (tx) => {
        await tx.run('DELETE FROM tlog WHERE leaf_index >= 3');
        await rebuildTreeNodes(tx);
      });
      const shrunk = await syncError(ws);
      expect(codeOf(shrunk), String(shrunk)).toBe('SYNC_LOG_INCONSISTENT');
      expect(String(shrunk)).toContain('shrank');
      // Grown past the checkpoint again, with this workstation's new records where the removed ones were.
      for (let i = 0; i < 3; i++) ws.outbox.append();
      const regrown = await syncError(ws);
      expect(codeOf(regrown), String(regrown)).toBe('SYNC_LOG_INCONSISTENT');
      expect(ws.outbox.ackedSeq()).toBe(3);
      // An honest log that only grew passes for the workstation that was not misled: it never held a checkpoint.
      const fresh = await enrolledWorkstation(registry);
      fresh.outbox.append();
      await fresh.client().syncOnce();
      expect(fresh.outbox.ackedSeq()).toBe(1);
    });
  });
});
