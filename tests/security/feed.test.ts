import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { generateKeyPair } from '../../src/crypto/index.ts';
import {
  createEnrolmentToken,
  issueLicence,
  revokeLicence,
  startRegistry,
  type LeaseReceipt,
  type RegistryChange,
} from '../../src/registry/index.ts';
import { createSyncClient, enrolWithRegistry } from '../../src/sync/index.ts';
import { startFaultProxy } from '../helpers/faultProxy.ts';
import { createMemoryOutbox } from '../helpers/memoryOutbox.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';

/** A man in the middle on the change feed: what it drops is detected, and the lease is not renewed. */
describe.each<DbKind>(['sqlite', 'postgres'])('an authenticated change feed (%s)', (kind) => {
  let dbs: DbFactory;
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterAll(() => dbs?.dispose());

  async function setUp() {
    const registry = await startRegistry({ now: runningFixtureClock(), db: await dbs.fresh() });
    const proxy = await startFaultProxy(registry.url);
    const key = generateKeyPair();
    const { registryPublicKeyPem } = await enrolWithRegistry({
      registryUrl: registry.url,
      enrolmentToken: await createEnrolmentToken(registry.store, {
        now: fixtureClock,
        registryKeyId: registry.registryKey.keyId,
        orgId: 'org-acme',
      }),
      workstationKey: key,
    });
    await issueLicence(registry.store, registry.registryKey, testLicenceDraft(), fixtureClock);
    const applied: RegistryChange[] = [];
    const leases: LeaseReceipt[] = [];
    let saved = 0;
    const client = createSyncClient({
      outbox: createMemoryOutbox(key),
      registryUrl: proxy.url,
      workstationKey: key,
      registryPublicKeyPem,
      applyChange: (c) => void applied.push(c),
      cursor: { load: () => saved, save: (c) => void (saved = c) },
      onLease: (l) => void leases.push(l),
      now: () => new Date(),
      sleep: async () => undefined,
      random: () => 0,
    });
    return {
      registry,
      proxy,
      client,
      applied,
      leases,
      close: async () => (await proxy.close(), await registry.close()),
    };
  }

  it('a page emptied or unsigned in flight is refused and the lease is not renewed', async () => {
    const t = await setUp();
    try {
      await t.client.syncOnce();
      expect(t.applied.map((c) => c.kind)).toEqual(['licence']);
      expect(t.leases).toHaveLength(1);
      await revokeLicence(t.registry.store, t.registry.registryKey, 'lic-1', 'breach', fixtureClock);
      const emptied = (body: string) => JSON.stringify({ ...JSON.parse(body), changes: [] });
      t.proxy.setFault((req) => (req.path.startsWith('/v1/changes') ? { alterReply: emptied } : undefined));
      await expect(t.client.syncOnce()).rejects.toMatchObject({ code: 'RECEIPT_INVALID' });
      const unsigned = (body: string) => JSON.stringify({ changes: [], cursor: JSON.parse(body).from });
      t.proxy.setFault((req) => (req.path.startsWith('/v1/changes') ? { alterReply: unsigned } : undefined));
      await expect(t.client.syncOnce()).rejects.toMatchObject({ code: 'FEED_INVALID' });
      expect(t.leases).toHaveLength(1);
      t.proxy.setFault(null);
      await t.client.syncOnce();
      expect(t.applied.map((c) => c.kind)).toEqual(['licence', 'revocation']);
      expect(t.leases).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it('a genuine but stale page replayed in place of the new one: the lease names the feed head, so it is not renewed', async () => {
    const t = await setUp();
    try {
      let stale = '';
      t.proxy.setFault((req) =>
        req.path === '/v1/changes?cursor=1' ? { alterReply: (body) => (stale = body) } : undefined,
      );
      await t.client.syncOnce();
      expect(JSON.parse(stale)).toMatchObject({ format: 'changes/1', from: 1, changes: [] });
      await revokeLicence(t.registry.store, t.registry.registryKey, 'lic-1', 'breach', fixtureClock);
      t.proxy.setFault((req) => (req.path === '/v1/changes?cursor=1' ? { alterReply: () => stale } : undefined));
      await expect(t.client.syncOnce()).rejects.toMatchObject({
        code: 'FEED_INCOMPLETE',
        details: { feedHead: 2, cursor: 1 },
      });
      expect(t.leases).toHaveLength(1);
      expect(t.leases[0]?.feedHead).toBe(1);
    } finally {
      await t.close();
    }
  });
});
