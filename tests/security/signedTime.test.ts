import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenceStatus } from '../../src/api/licenceStatus.ts';
import { openStudio } from '../../src/app/index.ts';
import { createStudioSync, enrolWorkspace } from '../../src/app/sync.ts';
import { createEnrolmentToken, issueLicence, publishOwnerList, startRegistry } from '../../src/registry/index.ts';
import { licenceDraft, makePackFolder, makeTrust, tempDir } from '../helpers/fixtures.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Time that decides is the registry's signed time: a clock set back, an edited check-in setting or a lease
 * copied from another workstation renew nothing.
 */
describe.each<DbKind>(['sqlite', 'postgres'])('signed time (%s)', (kind) => {
  let dbs: DbFactory;
  const tmp = tempDir('twin-signed-time-');
  let n = 0;
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterAll(() => {
    dbs?.dispose();
    tmp.cleanup();
  });

  /** A workspace enrolled with a registry whose clock is `registryNow`, holding one licence from the feed. */
  async function setUp(validUntil: string, registryNow: () => Date, localNow: () => Date) {
    const dir = path.join(tmp.dir, `case-${++n}`);
    const trust = makeTrust();
    const registry = await startRegistry({ db: await dbs.fresh(), registryKey: trust.registryKey, now: registryNow });
    const studio = openStudio(path.join(dir, 'ws'), { env: { TWIN_STUDIO_USER: 'tester' }, now: localNow });
    const manifest = await makePackFolder(path.join(dir, 'pack'), trust.ownerKey);
    await enrolWorkspace(studio.ws, {
      registryUrl: registry.url,
      token: await createEnrolmentToken(registry.store, {
        now: registryNow,
        registryKeyId: trust.registryKey.keyId,
        orgId: 'org-brand',
      }),
      orgId: 'org-brand',
    });
    await publishOwnerList(registry.store, trust.registryKey, trust.ownerList.owners, registryNow);
    await createStudioSync(studio).syncOnce();
    await studio.ws.twins.import(path.join(dir, 'pack'));
    await issueLicence(
      registry.store,
      trust.registryKey,
      licenceDraft(manifest, { licenceId: 'lic-1', validUntil }),
      registryNow,
    );
    const sync = () => createStudioSync(studio).syncOnce();
    await sync();
    const status = () =>
      licenceStatus(
        studio.ws,
        studio.ws.licences.get('lic-1'),
        { ok: true, manifest },
        { imagesUsed: () => 0, checkIntegrity: () => ({ ok: true }) },
      );
    return { registry, studio, sync, status, close: async () => (studio.close(), await registry.close()) };
  }

  it('a clock set back 40 days does not bring an expired licence back', async () => {
    const validUntil = '2026-10-01T00:00:00Z';
    let clock = Date.parse(validUntil) + 10 * DAY;
    const now = () => new Date(clock);
    const t = await setUp(validUntil, now, now);
    try {
      expect(t.status().refusal?.code).toBe('LICENCE_EXPIRED');
      clock -= 40 * DAY;
      expect(t.status().refusal).toMatchObject({ code: 'CLOCK_BEHIND', rule: 'clock not behind the registry' });
      expect(t.status().refusal?.message).toContain('Set the date and time correctly');
    } finally {
      await t.close();
    }
  });

  it('editing the stored check-in renews nothing: only a verified lease for this workstation counts', async () => {
    let clock = Date.parse('2026-07-01T00:00:00Z');
    const now = () => new Date(clock);
    const t = await setUp('2027-06-01T00:00:00Z', now, now);
    const other = await setUp('2027-06-01T00:00:00Z', now, now);
    try {
      expect(t.status().usable).toBe(true);
      expect(t.studio.ws.lease.lastCheckInAt()).toBe(new Date(clock).toISOString());
      clock += 100 * HOUR;
      expect(t.status().refusal?.code).toBe('LEASE_EXPIRED');

      const { db } = t.studio.ws;
      const put = (key: string, value: string) =>
        db
          .prepare(
            'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
          )
          .run(key, value);
      put('lease.lastCheckInAt', new Date(clock).toISOString());
      expect(t.status().refusal?.code).toBe('LEASE_EXPIRED');
      const receipt = t.studio.ws.lease.receipt();
      put('lease.receipt', JSON.stringify({ ...receipt, serverTime: new Date(clock).toISOString() }));
      expect(t.status().refusal?.code).toBe('LEASE_EXPIRED');
      // A genuine, fresh lease of another workstation (signed by another registry here) does not count either.
      await other.sync();
      put('lease.receipt', JSON.stringify(other.studio.ws.lease.receipt()));
      expect(t.studio.ws.lease.lastCheckInAt()).toBeNull();
      expect(t.status().refusal?.code).toBe('LEASE_EXPIRED');

      await t.sync();
      expect(t.status().usable).toBe(true);
    } finally {
      await t.close();
      await other.close();
    }
  });
});
