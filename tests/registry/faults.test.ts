import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureClock } from '../helpers/clock.ts';
import { canonicalJson, generateKeyPair, sealRecordFields, type KeyPairFile } from '../helpers/records.ts';
import { checkRecordLink, GENESIS_HASH, sealRecord, type UsageRecord } from '../../src/ledger/index.ts';
import {
  auditLog,
  createEnrolmentToken,
  issueLicence,
  listFlags,
  loadOrCreateRegistryKey,
  openRegistryStore,
  statement,
  type RegistryStore,
} from '../../src/registry/index.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';
import { createSignedHttp } from '../../src/sync/http.ts';
import { createSyncClient, type SyncClient } from '../../src/sync/index.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/faultProxy.ts';
import { createMemoryOutbox, type MemoryOutbox } from '../helpers/memoryOutbox.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';
import { spawnRegistry, type RegistryProcess } from '../helpers/registryProcess.ts';

interface Harness {
  db: string;
  store: RegistryStore;
  proc: RegistryProcess;
  proxy: FaultProxy;
  key: KeyPairFile;
  registryPublicKeyPem: string;
  client(outbox: MemoryOutbox, now?: () => Date): SyncClient;
  restartServer(): Promise<void>;
  /** Retries syncOnce a bounded number of times, as the background loop would. */
  syncUntilDone(client: SyncClient): Promise<number>;
  check(outbox: MemoryOutbox): Promise<void>;
}

describe.each<DbKind>(['sqlite', 'postgres'])('fault suite on %s', (kind) => {
  let dbs: DbFactory;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(() => dbs?.dispose());

  async function harness(): Promise<Harness> {
    const db = await dbs.fresh();
    const store = await openRegistryStore(db);
    cleanups.push(() => store.close());
    const h = { db, store } as Harness;
    h.proc = await spawnRegistry(db);
    cleanups.push(() => h.proc.kill());
    h.proxy = await startFaultProxy(h.proc.url);
    cleanups.push(() => h.proxy.close());
    h.key = generateKeyPair();
    const registryKey = await loadOrCreateRegistryKey(store, fixtureClock);
    await issueLicence(store, registryKey, testLicenceDraft({ fee: { perImage: 100, currency: 'EUR' } }), fixtureClock);
    const token = await createEnrolmentToken(store, {
      now: fixtureClock,
      registryKeyId: registryKey.keyId,
      orgId: 'org-acme',
    });
    const reply = await fetch(`${h.proxy.url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrolmentToken: token, workstationPublicKey: h.key.publicKeyPem, orgId: 'org-acme' }),
    });
    h.registryPublicKeyPem = ((await reply.json()) as { registryPublicKey: string }).registryPublicKey;
    h.client = (outbox, now = () => new Date()) =>
      createSyncClient({
        outbox,
        registryUrl: h.proxy.url,
        workstationKey: h.key,
        registryPublicKeyPem: h.registryPublicKeyPem,
        applyChange: () => undefined,
        now,
        sleep: async () => undefined,
        random: () => 0.5,
        batchSize: 10,
        timeoutMs: 5000,
      });
    h.restartServer = async () => {
      h.proc.kill();
      await h.proc.exited;
      h.proc = await spawnRegistry(db);
      h.proxy.setTarget(h.proc.url);
    };
    h.syncUntilDone = async (client) => {
      for (let attempt = 1; attempt <= 8; attempt++) {
        try {
          await client.syncOnce();
          return attempt;
        } catch {
          // the next attempt is the retry under test
        }
      }
      throw new Error('sync did not complete in 8 attempts');
    };
    h.check = async (outbox) => {
      const rows = await store.all<{ seq: number; body: string }>(
        'SELECT seq, body FROM usage_records WHERE workstation_id = ? ORDER BY seq',
        [outbox.workstationId()],
      );
      expect(rows.map((r) => r.body)).toEqual(outbox.records.map((r) => canonicalJson(r)));
      let previous: { seq: number; hash: string } | null = null;
      for (const row of rows) {
        const record = JSON.parse(row.body) as UsageRecord;
        expect(checkRecordLink(record, previous, h.key.publicKeyPem)).toBeNull();
        previous = { seq: record.seq, hash: record.hash };
      }
      const leaves = await store.get<{ n: number; d: number }>(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT record_id) AS d FROM tlog',
      );
      expect(Number(leaves?.n)).toBe(outbox.records.length);
      expect(Number(leaves?.d)).toBe(outbox.records.length);
      const s = await statement(store, 'twin-ada');
      expect(s.images).toBe(outbox.records.length);
      expect(s.byCurrency).toEqual([
        { currency: 'EUR', images: outbox.records.length, amount: 100 * outbox.records.length },
      ]);
      expect(outbox.ackedSeq()).toBe(outbox.records.length);
      expect((await auditLog(h.proc.url, { registryPublicKeyPem: h.registryPublicKeyPem })).ok).toBe(true);
    };
    return h;
  }

  const filled = (h: Harness, n: number, at?: () => Date): MemoryOutbox => {
    const outbox = createMemoryOutbox(h.key);
    for (let i = 0; i < n; i++) outbox.append({ fee: 100, ...(at ? { at: at() } : {}) });
    return outbox;
  };
  const isPush = (req: { path: string }): boolean => req.path === '/v1/usage';

  it('survives the server killed mid-batch and restarted on the same database', async () => {
    const h = await harness();
    const outbox = filled(h, 60);
    let pushes = 0;
    h.proxy.setFault((req) =>
      isPush(req) && ++pushes === 3
        ? {
            afterSend: async () => {
              await new Promise((r) => setTimeout(r, 3));
              h.proc.kill();
            },
          }
        : undefined,
    );
    const client = h.client(outbox);
    await expect(client.syncOnce()).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    expect(client.status().reachable).toBe(false);
    h.proxy.setFault(null);
    await h.restartServer();
    await h.syncUntilDone(client);
    await h.check(outbox);
  });

  it('counts once when the reply is dropped after the server committed', async () => {
    const h = await harness();
    const outbox = filled(h, 30);
    let pushes = 0;
    h.proxy.setFault((req) => (isPush(req) && ++pushes === 2 ? { dropReply: true } : undefined));
    const client = h.client(outbox);
    await expect(client.syncOnce()).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    const server = await h.store.get<{ acked_seq: number }>('SELECT acked_seq FROM workstations WHERE id = ?', [
      outbox.workstationId(),
    ]);
    expect(server?.acked_seq).toBe(20);
    expect(outbox.ackedSeq()).toBe(10);
    expect(await h.syncUntilDone(client)).toBe(1);
    await h.check(outbox);
  });

  it('ignores duplicated and reordered requests', async () => {
    const h = await harness();
    const outbox = filled(h, 35);
    h.proxy.setFault((req) => (isPush(req) ? { duplicate: true, capture: true } : undefined));
    await h.client(outbox).syncOnce();
    expect(h.proxy.captured).toHaveLength(4);
    for (const req of [...h.proxy.captured].reverse()) expect(await h.proxy.replay(req)).toBe(200);
    await h.check(outbox);
    expect(await listFlags(h.store)).toEqual([]);
  });

  it('refuses a record altered in flight and takes the true one on retry', async () => {
    const h = await harness();
    const outbox = filled(h, 12);
    let altered = 0;
    h.proxy.setFault((req) =>
      isPush(req) && altered++ === 0 ? { alterBody: (b) => b.replace('"amount":100,', '"amount":1,') } : undefined,
    );
    const client = h.client(outbox);
    await expect(client.syncOnce()).rejects.toMatchObject({ code: 'REGISTRY_UNAUTHENTICATED' });
    expect(altered).toBe(1);
    await h.syncUntilDone(client);
    await h.check(outbox);
  });

  it('resumes from the outbox when the client dies between send and ack', async () => {
    const h = await harness();
    const outbox = filled(h, 25);
    const dying = {
      ...outbox,
      acknowledge: () => {
        throw new Error('killed before the ack was stored');
      },
    };
    await expect(h.client(dying).syncOnce()).rejects.toThrow('killed');
    expect(outbox.ackedSeq()).toBe(0);
    const restarted = createMemoryOutbox(h.key, { records: outbox.records, ackedSeq: outbox.ackedSeq() });
    await h.client(restarted).syncOnce();
    expect(restarted.receipts.at(-1)?.ackedSeq).toBe(25);
    await h.check(restarted);
  });

  it('syncs a workstation whose clock is an hour off and flags its records', async () => {
    const h = await harness();
    const skewed = () => new Date(Date.now() - 3_600_000);
    const outbox = filled(h, 15, skewed);
    const client = h.client(outbox, skewed);
    await client.syncOnce();
    expect(Math.abs(client.status().serverTimeOffsetMs - 3_600_000)).toBeLessThan(60_000);
    const odd = await h.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM usage_records WHERE odd_clock = 1');
    expect(Number(odd?.n)).toBe(15);
    await h.check(outbox);
  });

  it('refuses and flags a gapped, forked, tampered or equivocating chain', async () => {
    const h = await harness();
    const outbox = filled(h, 5);
    const http = createSignedHttp({
      registryUrl: h.proxy.url,
      workstationId: outbox.workstationId(),
      privateKeyPem: h.key.privateKeyPem,
      fetch,
      now: () => new Date(),
      offsetMs: () => 0,
      timeoutMs: 5000,
    });
    const push = (records: UsageRecord[]) =>
      http.call('POST', '/v1/usage', { workstationId: outbox.workstationId(), records });
    const [r1, r2, r3, , r5] = outbox.records as [UsageRecord, UsageRecord, UsageRecord, UsageRecord, UsageRecord];
    expect((await push([r1, r1, r2, r1])).json).toMatchObject({ ackedThroughSeq: 2, rejected: [] });
    const gap = await push([r5]);
    expect(gap.json).toMatchObject({ ackedThroughSeq: 2, rejected: [{ id: r5.id, reason: 'gap' }] });
    const fork = sealRecord(sealRecordFields(r3, { prevHash: 'f'.repeat(64) }), h.key.privateKeyPem);
    expect((await push([fork])).json).toMatchObject({ ackedThroughSeq: 2, rejected: [{ reason: 'prevHash' }] });
    const tampered = { ...r3, fee: { amount: 1, currency: 'EUR' } };
    expect((await push([tampered])).json).toMatchObject({ ackedThroughSeq: 2, rejected: [{ reason: 'hash' }] });
    expect((await push([r3])).json.ackedThroughSeq).toBe(3);
    const twin = sealRecord(sealRecordFields(r3, { fee: { amount: 99_999, currency: 'EUR' } }), h.key.privateKeyPem);
    const equivocation = await push([twin]);
    expect(equivocation.status).toBe(409);
    expect(equivocation.json).toMatchObject({ error: { code: 'EQUIVOCATION' }, ackedThroughSeq: 3 });
    expect(
      (
        await http.call('POST', '/v1/checkin', {
          workstationId: outbox.workstationId(),
          head: { seq: 1, hash: r1.hash },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await http.call('POST', '/v1/checkin', {
          workstationId: outbox.workstationId(),
          head: { seq: 3, hash: twin.hash },
        })
      ).json,
    ).toMatchObject({ ackedSeq: 3, headHash: r3.hash });
    expect((await listFlags(h.store)).map((f) => [f.kind, f.seq])).toEqual([
      ['gap', 5],
      ['fork', 3],
      ['invalid-record', 3],
      ['equivocation', 3],
      ['head-rollback', 1],
      ['head-fork', 3],
    ]);
    const rows = await h.store.all<{ body: string }>('SELECT body FROM usage_records ORDER BY seq');
    expect(rows.map((r) => r.body)).toEqual([r1, r2, r3].map((r) => canonicalJson(r)));
    expect(GENESIS_HASH).toBe(r1.prevHash);
  });
});
