import { z } from 'zod';
import type { SyncService } from '../api/index.ts';
import type { SyncStatus as WireSyncStatus } from '../contract/index.ts';
import { keyIdOf } from '../crypto/index.ts';
import { StudioError, toStudioError } from '../errors/index.ts';
import type { RegistryChange } from '../registry/index.ts';
import { parseEnrolmentToken } from '../registry/enrolmentToken.ts';
import type { Db } from '../storage/index.ts';
import { createSyncClient, enrolWithRegistry, type SyncClient, type SyncResult } from '../sync/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { ENROLMENT_SETTING } from '../workspace/orgRepo.ts';
import type { Studio } from './openStudio.ts';

const ENROLMENT_KEY = ENROLMENT_SETTING;
const CURSOR_KEY = 'sync.cursor';

const enrolmentSchema = z
  .object({
    registryUrl: z.string().url(),
    workstationId: z.string(),
    orgId: z.string(),
    registryKeyId: z.string(),
    registryPublicKeyPem: z.string(),
    enrolledAt: z.string(),
  })
  .strict();
export type WorkspaceEnrolment = z.infer<typeof enrolmentSchema>;

function readSetting(db: Db, key: string): string | null {
  return (
    (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null
  );
}

function writeSetting(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function readEnrolment(ws: Workspace): WorkspaceEnrolment | null {
  const raw = readSetting(ws.db, ENROLMENT_KEY);
  return raw === null ? null : enrolmentSchema.parse(JSON.parse(raw));
}

/**
 * Spends a one-time token with the registry and pins the registry key the token names, once the server has
 * shown it holds that key. A workspace that already trusts another registry key refuses: a registry key changes
 * only through a rotation record signed by the old key. The change cursor starts over.
 */
export async function enrolWorkspace(
  ws: Workspace,
  input: { registryUrl: string; token: string; orgId?: string; fetch?: typeof fetch },
): Promise<WorkspaceEnrolment> {
  const named = parseEnrolmentToken(input.token).registryKeyId;
  const pinned = ws.trust.registryKeys().map((k) => k.keyId);
  if (pinned.length > 0 && !pinned.includes(named)) {
    throw new StudioError(
      'ENROL_REGISTRY_MISMATCH',
      `This workspace already trusts registry key ${pinned.join(', ')}, and the token names ${named}; a registry key changes only through a rotation record signed by the old key (or enrol a new workspace)`,
      { pinned, named },
    );
  }
  const enrolment = await enrolWithRegistry({
    registryUrl: input.registryUrl,
    enrolmentToken: input.token,
    workstationKey: ws.workstationKey,
    ...(input.orgId ? { orgId: input.orgId } : {}),
    ...(input.fetch ? { fetch: input.fetch } : {}),
  });
  const { retiredKeys, ...enrolled } = enrolment;
  for (const key of retiredKeys) ws.trust.pinRegistryKey(key);
  ws.trust.pinRegistryKey({
    keyId: keyIdOf(enrolment.registryPublicKeyPem),
    publicKeyPem: enrolment.registryPublicKeyPem,
  });
  const state: WorkspaceEnrolment = { ...enrolled, enrolledAt: ws.now().toISOString() };
  writeSetting(ws.db, ENROLMENT_KEY, JSON.stringify(state));
  writeSetting(ws.db, CURSOR_KEY, '0');
  return state;
}

/** Writes one change from the registry's feed into the workspace; every body is verified by the repo it lands in. */
export async function applyRegistryChange(ws: Workspace, change: RegistryChange): Promise<void> {
  switch (change.kind) {
    case 'licence':
      try {
        await ws.licences.import(change.body);
      } catch (error) {
        // A licence for a twin not in this workspace, or (from an older registry) for another org, is not ours.
        if (!['TWIN_NOT_FOUND', 'LICENCE_WRONG_ORG'].includes(toStudioError(error).code)) throw error;
      }
      return;
    case 'revocation':
      ws.licences.addRevocation(change.body);
      return;
    case 'withdrawal':
      ws.licences.addWithdrawal(change.body);
      return;
    case 'rotation': {
      const key = ws.trust.applyRotation(change.body);
      const enrolment = readEnrolment(ws);
      if (enrolment)
        writeSetting(
          ws.db,
          ENROLMENT_KEY,
          JSON.stringify({ ...enrolment, registryKeyId: key.keyId, registryPublicKeyPem: key.publicKeyPem }),
        );
      return;
    }
    case 'owners':
      ws.trust.saveOwnerList(change.body as Parameters<Workspace['trust']['saveOwnerList']>[0]);
      return;
  }
}

export interface StudioSync {
  enrolment: WorkspaceEnrolment | null;
  /** One pull → push → check-in round; NOT_ENROLLED when the workspace has no enrolment. */
  syncOnce(): Promise<SyncResult>;
  /** Background sync (no-op when not enrolled). */
  start(): void;
  stop(): Promise<void>;
  status(): WireSyncStatus;
  service: SyncService;
}

export interface StudioSyncOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  intervalMs?: number;
}

/** The workspace's sync client: the ledger is the outbox, the feed lands in the workspace, check-ins renew the lease. */
export function createStudioSync(studio: Studio, options: StudioSyncOptions = {}): StudioSync {
  const { ws, ledger } = studio;
  const enrolment = readEnrolment(ws);
  const { now } = ws;
  /** How many feed changes (licences, revocations, withdrawals, owners) this client has applied. */
  let applied = 0;
  const client: SyncClient | null = enrolment
    ? createSyncClient({
        outbox: ledger,
        registryUrl: enrolment.registryUrl,
        workstationKey: ws.workstationKey,
        registryPublicKeyPem: () => readEnrolment(ws)?.registryPublicKeyPem ?? enrolment.registryPublicKeyPem,
        applyChange: async (change) => {
          await applyRegistryChange(ws, change);
          applied++;
        },
        cursor: {
          load: () => Number(readSetting(ws.db, CURSOR_KEY) ?? 0),
          save: (cursor) => writeSetting(ws.db, CURSOR_KEY, String(cursor)),
        },
        onLease: (lease) => void ws.lease.recordLease(lease),
        now,
        sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref())),
        random: options.random ?? Math.random,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
      })
    : null;

  const status = (): WireSyncStatus => {
    const pendingRecords = Math.max(0, ledger.head().seq - ledger.ackedSeq());
    const base = {
      enrolled: enrolment !== null,
      registryUrl: enrolment?.registryUrl ?? null,
      workstationId: enrolment?.workstationId ?? null,
      lastCheckInAt: ws.lease.lastCheckInAt(),
      pendingRecords,
    };
    if (!client) return { ...base, state: 'idle', message: 'not enrolled with a registry' };
    const s = client.status();
    if (s.reachable === false)
      return { ...base, state: 'offline', message: s.lastError?.message ?? 'the registry cannot be reached' };
    if (s.lastError) return { ...base, state: 'error', message: `${s.lastError.code}: ${s.lastError.message}` };
    return { ...base, state: 'idle', message: s.lastSyncAt ? `last synced ${s.lastSyncAt}` : null };
  };

  return {
    enrolment,
    async syncOnce() {
      if (!client)
        throw new StudioError(
          'NOT_ENROLLED',
          `Expected an enrolled workspace; run \`twin-studio enrol --registry URL --token T --workspace ${ws.dir}\` first`,
          { workspace: ws.dir },
        );
      return client.syncOnce();
    },
    start: () => client?.start(),
    stop: async () => client?.stop(),
    status,
    service: {
      status: async () => status(),
      events(listener) {
        if (!client) return () => {};
        let seen = applied;
        return client.on(() => {
          listener({ type: 'sync.status', status: status() });
          // The feed changed licences or their standing: every window's licence lines and gate answers follow.
          if (applied === seen) return;
          seen = applied;
          listener({ type: 'library.changed', what: 'licences' });
        });
      },
    },
  };
}
