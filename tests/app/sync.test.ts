import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../src/contract/index.ts';
import { openStudio, type Studio } from '../../src/app/index.ts';
import { createStudioSync, enrolWorkspace, ledgerReceipts, readEnrolment } from '../../src/app/sync.ts';
import {
  createEnrolmentToken,
  issueLicence,
  publishOwnerList,
  rebuildTreeNodes,
  revokeLicence,
  startRegistry,
  type RunningRegistry,
} from '../../src/registry/index.ts';
import { licenceDraft, makePackFolder, makeTrust, tempDir } from '../helpers/fixtures.ts';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';

/** The workspace side of sync: enrolment state, the feed applied into the workspace, cursor, lease, status events. */
describe('workspace sync', () => {
  const tmp = tempDir('twin-appsync-');
  const trust = makeTrust();
  let registry: RunningRegistry;
  let studio: Studio;
  /** The checkpoint setting after the first round (a genuine lease, older than the ones after a push). */
  let firstCheckpoint = '';

  beforeAll(async () => {
    registry = await startRegistry({
      now: runningFixtureClock(),
      db: path.join(tmp.dir, 'registry.sqlite'),
      registryKey: trust.registryKey,
    });
    studio = openStudio(path.join(tmp.dir, 'ws'), { now: fixtureClock, env: { TWIN_STUDIO_USER: 'tester' } });
  });
  afterAll(async () => {
    studio.close();
    await registry.close();
    tmp.cleanup();
  });

  it('enrols (pinning the registry key), applies the feed into the workspace and keeps the cursor', async () => {
    const { ws } = studio;
    expect(readEnrolment(ws)).toBeNull();
    const token = (orgId: string) =>
      createEnrolmentToken(registry.store, { now: fixtureClock, registryKeyId: registry.registryKey.keyId, orgId });
    await expect(
      enrolWorkspace(ws, { registryUrl: registry.url, token: await token('org-brand'), orgId: 'org-other' }),
    ).rejects.toMatchObject({ code: 'ENROLMENT_ORG_MISMATCH' });
    const enrolment = await enrolWorkspace(ws, { registryUrl: registry.url, token: await token('org-brand') });
    expect(enrolment).toMatchObject({
      registryUrl: registry.url,
      orgId: 'org-brand',
      registryKeyId: trust.registryKey.keyId,
    });
    expect(ws.trust.registryKeys().map((k) => k.keyId)).toEqual([trust.registryKey.keyId]);

    const packDir = path.join(tmp.dir, 'pack');
    const manifest = await makePackFolder(packDir, trust.ownerKey);
    await publishOwnerList(registry.store, trust.registryKey, trust.ownerList.owners, fixtureClock);
    // A licence for a twin this workspace does not hold is someone else's: skipped, not an error.
    await issueLicence(
      registry.store,
      trust.registryKey,
      licenceDraft(manifest, { licenceId: 'lic-early' }),
      fixtureClock,
    );
    const sync = createStudioSync(studio);
    expect(await sync.syncOnce()).toMatchObject({ changes: 2, pushed: 0 });
    firstCheckpoint = String(readSettingValue(studio, 'sync.logCheckpoint'));
    expect(ws.trust.ownerList()?.owners[0]?.keyId).toBe(trust.ownerKey.keyId);
    expect(ws.licences.list()).toEqual([]);
    expect(ws.lease.lastCheckInAt()).not.toBeNull();

    await ws.twins.import(packDir);
    await issueLicence(
      registry.store,
      trust.registryKey,
      licenceDraft(manifest, { licenceId: 'lic-late' }),
      fixtureClock,
    );
    await revokeLicence(registry.store, trust.registryKey, 'lic-late', 'test', fixtureClock);
    // A fresh client reads the cursor from the workspace: only the two new changes are applied, and every
    // window hears that the licences changed.
    const fresh = createStudioSync(studio);
    const events: StudioEvent[] = [];
    const off = fresh.service.events((e) => events.push(e));
    expect(await fresh.syncOnce()).toMatchObject({ changes: 2 });
    off();
    expect(events.filter((e) => e.type === 'library.changed')).toEqual([{ type: 'library.changed', what: 'licences' }]);
    expect(ws.licences.list().map((l) => l.licenceId)).toEqual(['lic-late']);
    expect(ws.licences.revocations('lic-late')).toHaveLength(1);
  });

  it('runs in the background, publishes sync.status events, reports offline when the registry is gone', async () => {
    studio.ledger.append({
      kind: 'render',
      twinId: 'twin-test',
      licenceId: 'lic-late',
      shotId: 's1',
      ref: null,
      outputSha256: 'b'.repeat(64),
      use: { channel: 'ecommerce', territory: 'DE' },
      fee: { amount: 3000, currency: 'EUR' },
    });
    const sync = createStudioSync(studio, { intervalMs: 60_000 });
    expect(sync.status()).toMatchObject({ enrolled: true, pendingRecords: 1 });
    const events: StudioEvent[] = [];
    const off = sync.service.events((e) => events.push(e));
    sync.start();
    await expect
      .poll(
        () =>
          events.some((e) => e.type === 'sync.status' && e.status.pendingRecords === 0 && e.status.state === 'idle'),
        { timeout: 10_000 },
      )
      .toBe(true);
    await sync.stop();
    off();
    // Nothing new on the feed: the licences are not announced as changed.
    expect(events.filter((e) => e.type === 'library.changed')).toEqual([]);
    expect(await sync.service.status()).toMatchObject({
      enrolled: true,
      registryUrl: registry.url,
      pendingRecords: 0,
      state: 'idle',
    });

    await registry.close();
    await expect(sync.syncOnce()).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    expect(sync.status()).toMatchObject({ state: 'offline' });
    registry = await startRegistry({
      now: runningFixtureClock(),
      db: path.join(tmp.dir, 'registry.sqlite'),
      registryKey: trust.registryKey,
    });
  });

  it('refuses a checkpoint setting that was edited, rewound to an older signed one, or removed', async () => {
    const held = String(readSettingValue(studio, 'sync.logCheckpoint'));
    const signed = JSON.parse(held) as { treeSize: number; rootHash: string };
    expect(signed).toMatchObject({ treeSize: 1, signature: expect.any(String) });
    expect(JSON.parse(firstCheckpoint)).toMatchObject({ treeSize: 0, signature: expect.any(String) });
    const enrolled = new URL(String(readEnrolment(studio.ws)?.registryUrl));
    const sync = createStudioSync(studio, {
      fetch: (input, init) => fetch(String(input).replace(enrolled.origin, registry.url), init),
    });
    const tampered = [
      // An older checkpoint the registry really signed (the first lease): rewound.
      firstCheckpoint,
      // The bare tree size and root, unsigned, as older builds kept them.
      JSON.stringify({ treeSize: 0, rootHash: 'ab'.repeat(32) }),
      // The signed lease with its tree size edited.
      JSON.stringify({ ...signed, treeSize: 0 }),
      // Removed, while records were acked against a signed receipt of a larger log.
      'null',
      null,
    ];
    const lastCheckIn = studio.ws.lease.lastCheckInAt();
    for (const value of tampered) {
      if (value === null) studio.ws.db.prepare("DELETE FROM settings WHERE key = 'sync.logCheckpoint'").run();
      else writeSettingValue(studio, 'sync.logCheckpoint', value);
      const error = await sync.syncOnce().catch((e: unknown) => e);
      expect(error, String(value)).toMatchObject({ code: 'SYNC_CHECKPOINT_TAMPERED' });
      expect((error as Error).message).toMatch(/enrol again with a new token/);
      expect((await sync.service.status()).lastError).toMatchObject({ code: 'SYNC_CHECKPOINT_TAMPERED' });
      // Nothing was decided on it: the lease was not renewed, the setting is left as found.
      expect(studio.ws.lease.lastCheckInAt()).toBe(lastCheckIn);
      expect(readSettingValue(studio, 'sync.logCheckpoint')).toBe(value ?? undefined);
    }
    // The whole database rewound to the first round (the checkpoint, the lease, the ledger's receipt): the signed
    // head file beside it still carries the receipt of the larger log.
    const database = { lease: readSettingValue(studio, 'lease.receipt'), receipt: studio.ledger.lastReceipt() };
    writeSettingValue(studio, 'sync.logCheckpoint', firstCheckpoint);
    writeSettingValue(studio, 'lease.receipt', firstCheckpoint);
    studio.ws.db.prepare('UPDATE ledger_sync SET last_receipt = NULL').run();
    expect(studio.ledger.headFileReceipt()).toMatchObject({ treeSize: 1 });
    await expect(sync.syncOnce()).rejects.toMatchObject({ code: 'SYNC_CHECKPOINT_TAMPERED' });
    writeSettingValue(studio, 'lease.receipt', String(database.lease));
    studio.ws.db.prepare('UPDATE ledger_sync SET last_receipt = ? ').run(JSON.stringify(database.receipt));
    // Enrolling again (a new token from the operator) starts the check from the newest signed receipt or lease held.
    const token = await createEnrolmentToken(registry.store, {
      now: fixtureClock,
      registryKeyId: registry.registryKey.keyId,
      orgId: 'org-brand',
    });
    await enrolWorkspace(studio.ws, { registryUrl: registry.url, token, receipts: ledgerReceipts(studio.ledger) });
    expect(JSON.parse(String(readSettingValue(studio, 'sync.logCheckpoint')))).toMatchObject({ treeSize: 1 });
    await expect(sync.syncOnce()).resolves.toMatchObject({ pushed: 0 });
    // A workspace from an older build holds the bare size and root of its last signed lease: it syncs on, and the
    // setting becomes the signed lease.
    const bare = { treeSize: signed.treeSize, rootHash: signed.rootHash };
    writeSettingValue(studio, 'sync.logCheckpoint', JSON.stringify(bare));
    await expect(sync.syncOnce()).resolves.toMatchObject({ pushed: 0 });
    expect(JSON.parse(String(readSettingValue(studio, 'sync.logCheckpoint')))).toMatchObject({
      ...bare,
      signature: expect.any(String),
    });
  });

  it('keeps the log checkpoint in the workspace: a fresh client refuses a log rewritten since', async () => {
    const held = JSON.parse(String(readSettingValue(studio, 'sync.logCheckpoint'))) as { treeSize: number };
    expect(held.treeSize).toBe(1);
    // The registry's only leaf (this workspace's record) now says something else, the tree recomputed to match.
    await registry.store.write(async (tx) => {
      await tx.run('UPDATE tlog SET leaf_hash = ? WHERE leaf_index = 0', ['cd'.repeat(32)]);
      await rebuildTreeNodes(tx);
    });
    const lastCheckIn = studio.ws.lease.lastCheckInAt();
    // The registry restarted on another port: requests to the enrolled address reach it there.
    const enrolled = new URL(String(readEnrolment(studio.ws)?.registryUrl));
    const sync = createStudioSync(studio, {
      fetch: (input, init) => fetch(String(input).replace(enrolled.origin, registry.url), init),
    });
    await expect(sync.syncOnce()).rejects.toMatchObject({ code: 'SYNC_LOG_INCONSISTENT' });
    expect(studio.ws.lease.lastCheckInAt()).toBe(lastCheckIn);
    expect((await sync.service.status()).lastError).toMatchObject({ code: 'SYNC_LOG_INCONSISTENT' });
  });
});

function readSettingValue(studio: Studio, key: string): string | undefined {
  const row = studio.ws.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

function writeSettingValue(studio: Studio, key: string, value: string): void {
  studio.ws.db
    .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(key, value);
}
