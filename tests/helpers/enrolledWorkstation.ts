import { generateKeyPair, type KeyPairFile } from '../../src/crypto/index.ts';
import { fixtureClock } from './clock.ts';
import { createEnrolmentToken, type RunningRegistry } from '../../src/registry/index.ts';
import {
  createSyncClient,
  enrolWithRegistry,
  type LogCheckpoint,
  type SyncClient,
  type SyncClientDeps,
} from '../../src/sync/index.ts';
import { createMemoryOutbox, type MemoryOutbox } from './memoryOutbox.ts';

export interface EnrolledWorkstation {
  key: KeyPairFile;
  outbox: MemoryOutbox;
  registryPublicKeyPem: string;
  /** A sync client for this workstation's in-memory ledger (overrides e.g. registryUrl for a proxy). */
  client(overrides?: Partial<SyncClientDeps>): SyncClient;
}

/** A fresh workstation key enrolled with `registry` for `orgId` through a real token, with an in-memory ledger. */
export async function enrolledWorkstation(registry: RunningRegistry, orgId = 'org-acme'): Promise<EnrolledWorkstation> {
  const key = generateKeyPair();
  const enrolmentToken = await createEnrolmentToken(registry.store, {
    now: fixtureClock,
    registryKeyId: registry.registryKey.keyId,
    orgId,
  });
  const { registryPublicKeyPem } = await enrolWithRegistry({
    registryUrl: registry.url,
    enrolmentToken,
    workstationKey: key,
    orgId,
  });
  const outbox = createMemoryOutbox(key);
  // The last log checkpoint this workstation verified, shared by its clients as the workspace's setting is.
  let held: LogCheckpoint | null = null;
  const checkpoint = { load: () => held, save: (cp: LogCheckpoint) => void (held = cp) };
  return {
    key,
    outbox,
    registryPublicKeyPem,
    client: (overrides = {}) =>
      createSyncClient({
        outbox,
        registryUrl: registry.url,
        workstationKey: key,
        registryPublicKeyPem,
        applyChange: () => undefined,
        now: () => new Date(),
        sleep: async () => undefined,
        random: () => 0,
        checkpoint,
        ...overrides,
      }),
  };
}
