import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { generateKeyPair, verifyObject } from '../../src/crypto/index.ts';
import { workstationIdOf } from '../../src/ledger/index.ts';
import { REGISTRY_MIGRATIONS } from '../../src/registry/store/index.ts';
import {
  AUTH_HEADERS,
  auditLog,
  openRegistryStore,
  signRequest,
  createEnrolmentToken,
  issueLicence,
  listChanges,
  listFlags,
  revokeLicence,
  startRegistry,
  statement,
  type RunningRegistry,
} from '../../src/registry/index.ts';
import { createSyncClient, enrolWithRegistry, type SyncStatus } from '../../src/sync/index.ts';
import { createMemoryOutbox } from '../helpers/memoryOutbox.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';

const licenceDraft = testLicenceDraft();

async function enrol(registry: RunningRegistry, orgId = 'org-acme') {
  const key = generateKeyPair();
  const token = await createEnrolmentToken(registry.store, {
    now: fixtureClock,
    registryKeyId: registry.registryKey.keyId,
    orgId,
  });
  const reply = await fetch(`${registry.url}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enrolmentToken: token, workstationPublicKey: key.publicKeyPem, orgId }),
  });
  expect(reply.status).toBe(200);
  const body = (await reply.json()) as { workstationId: string; registryPublicKey: string };
  expect(body.workstationId).toBe(workstationIdOf(key.publicKeyPem));
  return { key, token, registryPublicKeyPem: body.registryPublicKey };
}

describe.each<DbKind>(['sqlite', 'postgres'])('registry on %s', (kind) => {
  let dbs: DbFactory;
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterAll(() => dbs?.dispose());

  it('enrols, syncs records exactly once, pulls licence and revocation, and states the fees', async () => {
    const registry = await startRegistry({
      now: runningFixtureClock(),
      db: await dbs.fresh(),
      adminToken: 'admin-secret',
    });
    try {
      const { key, token, registryPublicKeyPem } = await enrol(registry);
      const again = await fetch(`${registry.url}/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          enrolmentToken: token,
          workstationPublicKey: generateKeyPair().publicKeyPem,
          orgId: 'org-acme',
        }),
      });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ENROLMENT_TOKEN_USED');

      await issueLicence(registry.store, registry.registryKey, licenceDraft, fixtureClock);
      const outbox = createMemoryOutbox(key);
      for (let i = 0; i < 7; i++) outbox.append({ fee: 1000 + i });
      const changes: string[] = [];
      const statuses: SyncStatus[] = [];
      const client = createSyncClient({
        outbox,
        registryUrl: registry.url,
        workstationKey: key,
        registryPublicKeyPem,
        applyChange: (c) => void changes.push(c.kind),
        now: () => new Date(),
        sleep: async () => undefined,
        random: () => 0.5,
        batchSize: 3,
      });
      client.on((s) => statuses.push(s));
      const result = await client.syncOnce();
      expect(result).toMatchObject({ pushed: 7, ackedSeq: 7, changes: 1 });
      expect(outbox.receipts.map((r) => r.ackedSeq)).toEqual([3, 6, 7]);
      expect(outbox.receipts.every((r) => verifyObject(r, registryPublicKeyPem))).toBe(true);
      expect(result.lease.reportedHead.seq).toBe(7);
      expect(client.status()).toMatchObject({ pending: 0, reachable: true, lastError: null });
      expect(statuses.some((s) => s.pending === 4)).toBe(true);

      await revokeLicence(registry.store, registry.registryKey, 'lic-1', 'agency request', fixtureClock);
      outbox.append({ fee: 500 });
      expect(await client.syncOnce()).toMatchObject({ pushed: 1, changes: 1 });
      expect(changes).toEqual(['licence', 'revocation']);

      // Fees come from the signed licence (1250 per image), not from what the workstation stated.
      const s = await statement(registry.store, 'twin-ada');
      expect(s).toMatchObject({ images: 8, byCurrency: [{ currency: 'EUR', images: 8, amount: 8 * 1250 }] });
      const viaHttp = await fetch(`${registry.url}/v1/statements?twinId=twin-ada`, {
        headers: { authorization: 'Bearer admin-secret' },
      });
      expect(await viaHttp.json()).toMatchObject({ images: 8, byCurrency: [{ currency: 'EUR', amount: 10_000 }] });
      expect((await fetch(`${registry.url}/v1/statements?twinId=twin-ada`)).status).toBe(401);

      const audit = await auditLog(registry.url, { registryPublicKeyPem });
      expect(audit).toMatchObject({ ok: true, inclusionChecked: 8 });
      expect(audit.checkpoint.treeSize).toBe(8);
    } finally {
      await registry.close();
    }
  });

  it('refuses unauthenticated, foreign and badly signed requests without data', async () => {
    const registry = await startRegistry({ now: runningFixtureClock(), db: await dbs.fresh() });
    try {
      const a = await enrol(registry);
      const b = await enrol(registry);
      expect((await fetch(`${registry.url}/v1/changes?cursor=0`)).status).toBe(401);
      const outboxB = createMemoryOutbox(b.key);
      outboxB.append();
      // A pushes B's records, signed with A's key: forbidden.
      const clientA = createSyncClient({
        outbox: { ...createMemoryOutbox(a.key), recordsAfter: outboxB.recordsAfter, head: outboxB.head },
        registryUrl: registry.url,
        workstationKey: a.key,
        registryPublicKeyPem: a.registryPublicKeyPem,
        applyChange: () => undefined,
        now: () => new Date(),
        sleep: async () => undefined,
        random: () => 0,
      });
      await expect(clientA.syncOnce()).rejects.toMatchObject({ code: 'SYNC_REJECTED' });
      const forged = await fetch(`${registry.url}/v1/usage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [AUTH_HEADERS.workstation]: workstationIdOf(b.key.publicKeyPem),
          [AUTH_HEADERS.timestamp]: new Date().toISOString(),
          [AUTH_HEADERS.signature]: 'AAAA',
        },
        body: JSON.stringify({ workstationId: workstationIdOf(b.key.publicKeyPem), records: [] }),
      });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toEqual({
        error: { code: 'UNAUTHENTICATED', message: expect.any(String), details: {} },
      });
      const big = await fetch(`${registry.url}/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }),
      });
      expect(big.status).toBe(413);
      const bad = await fetch(`${registry.url}/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enrolmentToken: 1 }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('REQUEST_INVALID');
      expect(await listFlags(registry.store)).toEqual([]);
    } finally {
      await registry.close();
    }
  });

  it('serializes writers: concurrent pushes and admin writes get gap-free log positions and feed cursors', async () => {
    const registry = await startRegistry({ now: runningFixtureClock(), db: await dbs.fresh() });
    try {
      await issueLicence(registry.store, registry.registryKey, licenceDraft, fixtureClock);
      const clients = await Promise.all(
        [0, 1, 2].map(async () => {
          const { key, registryPublicKeyPem } = await enrol(registry);
          const outbox = createMemoryOutbox(key);
          for (let i = 0; i < 12; i++) outbox.append({ fee: 10 });
          return createSyncClient({
            outbox,
            registryUrl: registry.url,
            workstationKey: key,
            registryPublicKeyPem,
            applyChange: () => undefined,
            now: () => new Date(),
            sleep: async () => undefined,
            random: () => 0,
            batchSize: 4,
          });
        }),
      );
      await Promise.all([
        ...clients.map((c) => c.syncOnce()),
        ...Array.from({ length: 8 }, (_, i) =>
          issueLicence(registry.store, registry.registryKey, { ...licenceDraft, licenceId: `lic-c${i}` }, fixtureClock),
        ),
      ]);
      const leaves = await registry.store.get<{ n: number; top: number }>(
        'SELECT COUNT(*) AS n, MAX(leaf_index) AS top FROM tlog',
      );
      expect([Number(leaves?.n), Number(leaves?.top)]).toEqual([36, 35]);
      const feed = await listChanges(registry.store, 'org-acme', 0, 100);
      expect(feed.changes.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(feed.cursor).toBe(9);
      expect((await listChanges(registry.store, 'org-acme', 5, 100)).changes.map((c) => c.seq)).toEqual([6, 7, 8, 9]);
      expect((await auditLog(registry.url)).ok).toBe(true);
    } finally {
      await registry.close();
    }
  });

  it('pulls changes before pushing and keeps the cursor when applying a change fails', async () => {
    const registry = await startRegistry({ now: runningFixtureClock(), db: await dbs.fresh() });
    try {
      const key = generateKeyPair();
      const registryKeyId = registry.registryKey.keyId;
      const enrolment = await enrolWithRegistry({
        registryUrl: registry.url,
        enrolmentToken: await createEnrolmentToken(registry.store, {
          now: fixtureClock,
          registryKeyId,
          orgId: 'org-acme',
        }),
        workstationKey: key,
        orgId: 'org-acme',
      });
      expect(enrolment).toMatchObject({
        workstationId: workstationIdOf(key.publicKeyPem),
        registryKeyId,
        orgId: 'org-acme',
      });
      await expect(
        enrolWithRegistry({
          registryUrl: registry.url,
          enrolmentToken: await createEnrolmentToken(registry.store, {
            now: fixtureClock,
            registryKeyId,
            orgId: 'org-other',
          }),
          workstationKey: generateKeyPair(),
          orgId: 'org-acme',
        }),
      ).rejects.toMatchObject({ code: 'ENROLMENT_ORG_MISMATCH' });
      await issueLicence(registry.store, registry.registryKey, licenceDraft, fixtureClock);
      await revokeLicence(registry.store, registry.registryKey, 'lic-1', 'withdrawn', fixtureClock);
      const outbox = createMemoryOutbox(key);
      outbox.append();
      let saved = 0;
      let failOnce = true;
      const applied: string[] = [];
      const client = createSyncClient({
        outbox,
        registryUrl: registry.url,
        workstationKey: key,
        registryPublicKeyPem: enrolment.registryPublicKeyPem,
        cursor: { load: () => saved, save: (c) => void (saved = c) },
        applyChange: (change) => {
          if (change.kind === 'revocation' && failOnce) {
            failOnce = false;
            throw new Error('workspace busy');
          }
          applied.push(change.kind);
        },
        now: () => new Date(),
        sleep: async () => undefined,
        random: () => 0,
      });
      await expect(client.syncOnce()).rejects.toThrow('workspace busy');
      expect([saved, outbox.ackedSeq()]).toEqual([1, 0]);
      expect(await client.syncOnce()).toMatchObject({ changes: 1, pushed: 1 });
      expect(applied).toEqual(['licence', 'revocation']);
      expect(saved).toBe(2);
    } finally {
      await registry.close();
    }
  });

  it('refuses a signed request replayed after the skew window', async () => {
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const registry = await startRegistry({ db: await dbs.fresh(), now: () => new Date(clock) });
    try {
      const { key } = await enrol(registry);
      const id = workstationIdOf(key.publicKeyPem);
      const timestamp = new Date(clock).toISOString();
      const path = '/v1/changes?cursor=0';
      const headers = {
        [AUTH_HEADERS.workstation]: id,
        [AUTH_HEADERS.timestamp]: timestamp,
        [AUTH_HEADERS.signature]: signRequest('GET', path, timestamp, '', key.privateKeyPem),
      };
      expect((await fetch(`${registry.url}${path}`, { headers })).status).toBe(200);
      clock += 6 * 60_000;
      const late = await fetch(`${registry.url}${path}`, { headers });
      expect(late.status).toBe(401);
      expect(await late.json()).toMatchObject({
        error: { code: 'CLOCK_SKEW', details: { serverTime: new Date(clock).toISOString() } },
      });
    } finally {
      await registry.close();
    }
  });

  it('migrates once when two registry processes open a fresh database together', async () => {
    const db = await dbs.fresh();
    const stores = await Promise.all([openRegistryStore(db), openRegistryStore(db)]);
    try {
      const row = await stores[0].get<{ version: number }>(
        "SELECT version FROM registry_schema WHERE domain = 'registry'",
      );
      expect(Number(row?.version)).toBe(REGISTRY_MIGRATIONS.length);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
