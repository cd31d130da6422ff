import { createServer } from 'node:net';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/crypto/index.ts';
import { createEnrolmentToken, issueLicence, startRegistry } from '../../src/registry/index.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';
import { backoffDelay, createSyncClient, enrolWithRegistry, type SyncStatus } from '../../src/sync/index.ts';
import { createMemoryOutbox } from '../helpers/memoryOutbox.ts';

const dir = mkdtempSync(join(tmpdir(), 'twin-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

describe('backoffDelay', () => {
  it('doubles per attempt with jitter in the upper half, capped', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(3, () => 0)).toBe(2000);
    expect(backoffDelay(40, () => 1)).toBe(60_000);
  });
});

describe('sync client in the background', () => {
  it('backs off exponentially while the registry is down, then syncs and reports status', async () => {
    const key = generateKeyPair();
    const outbox = createMemoryOutbox(key);
    outbox.append();
    outbox.append();
    const port = await closedPort();
    const delays: number[] = [];
    const statuses: SyncStatus[] = [];
    const down = createSyncClient({
      outbox,
      registryUrl: `http://127.0.0.1:${port}`,
      workstationKey: key,
      registryPublicKeyPem: key.publicKeyPem,
      applyChange: () => undefined,
      now: () => new Date(),
      random: () => 1,
      sleep: async (ms) => {
        delays.push(ms);
        if (delays.length === 4) void down.stop();
      },
    });
    down.on((s) => statuses.push(s));
    down.start();
    await expect.poll(() => delays.length, { timeout: 5000 }).toBe(4);
    await down.stop();
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(statuses.at(-1)).toMatchObject({
      reachable: false,
      pending: 2,
      lastSyncAt: null,
      lastError: { code: 'REGISTRY_UNREACHABLE' },
    });

    const registry = await startRegistry({ now: runningFixtureClock(), db: join(dir, 'r.sqlite') });
    try {
      await issueLicence(registry.store, registry.registryKey, testLicenceDraft(), fixtureClock);
      const token = await createEnrolmentToken(registry.store, {
        now: fixtureClock,
        registryKeyId: registry.registryKey.keyId,
        orgId: 'org-acme',
      });
      const { registryPublicKeyPem: registryPublicKey } = await enrolWithRegistry({
        registryUrl: registry.url,
        enrolmentToken: token,
        workstationKey: key,
        orgId: 'org-acme',
      });
      const waits: number[] = [];
      const up = createSyncClient({
        outbox,
        registryUrl: registry.url,
        workstationKey: key,
        registryPublicKeyPem: registryPublicKey,
        applyChange: () => undefined,
        now: () => new Date(),
        random: () => 1,
        intervalMs: 30_000,
        sleep: () => {
          waits.push(1);
          return new Promise(() => undefined); // a long interval: only stop() ends it
        },
      });
      up.start();
      await expect.poll(() => waits.length, { timeout: 5000 }).toBe(1);
      await up.stop();
      expect(up.status()).toMatchObject({ reachable: true, pending: 0, lastError: null });
      expect(up.status().lastSyncAt).not.toBeNull();
      expect(outbox.ackedSeq()).toBe(2);
    } finally {
      await registry.close();
    }
  });

  it('refuses a receipt not signed by the pinned registry key', async () => {
    const registry = await startRegistry({ now: runningFixtureClock(), db: join(dir, 'pin.sqlite') });
    try {
      const key = generateKeyPair();
      await issueLicence(registry.store, registry.registryKey, testLicenceDraft(), fixtureClock);
      const token = await createEnrolmentToken(registry.store, {
        now: fixtureClock,
        registryKeyId: registry.registryKey.keyId,
        orgId: 'org-acme',
      });
      await fetch(`${registry.url}/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enrolmentToken: token, workstationPublicKey: key.publicKeyPem, orgId: 'org-acme' }),
      });
      const outbox = createMemoryOutbox(key);
      outbox.append();
      const client = createSyncClient({
        outbox,
        registryUrl: registry.url,
        workstationKey: key,
        registryPublicKeyPem: generateKeyPair().publicKeyPem,
        applyChange: () => undefined,
        now: () => new Date(),
        random: () => 0,
        sleep: async () => undefined,
      });
      await expect(client.syncOnce()).rejects.toMatchObject({ code: 'RECEIPT_INVALID' });
      expect(outbox.ackedSeq()).toBe(0);
    } finally {
      await registry.close();
    }
  });
});
