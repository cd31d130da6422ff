import { z } from 'zod';
import type { PushReceipt } from '../ledger/index.ts';
import { workstationIdOf } from '../ledger/workstationId.ts';
import type { SyncService } from '../api/index.ts';
import type { StudioEvent, SyncStatus as WireSyncStatus } from '../contract/index.ts';
import { keyIdOf } from '../crypto/index.ts';
import { StudioError, toStudioError } from '../errors/index.ts';
import type { RegistryChange } from '../registry/index.ts';
import { parseEnrolmentToken } from '../registry/enrolmentToken.ts';
import type { Db } from '../storage/index.ts';
import {
  createSyncClient,
  enrolWithRegistry,
  type LogCheckpoint,
  type SyncClient,
  type SyncResult,
} from '../sync/index.ts';
import { newestSigned, readHeldCheckpoint } from '../sync/heldCheckpoint.ts';
import type { Workspace } from '../workspace/index.ts';
import { ENROLMENT_SETTING } from '../workspace/orgRepo.ts';
import type { Studio } from './openStudio.ts';

const ENROLMENT_KEY = ENROLMENT_SETTING;
const CURSOR_KEY = 'sync.cursor';
/**
 * The last log checkpoint the sync client verified (tree size and root): every later receipt and lease extends it.
 * Kept as the registry-signed receipt or lease it came from, and verified when read (src/sync/heldCheckpoint.ts).
 */
const CHECKPOINT_KEY = 'sync.logCheckpoint';

/**
 * The ledger's last push receipt, in its database and in its signed head file (outside it): the held checkpoint
 * was saved from each of them or from a later receipt or lease, so it cannot be older.
 */
export const ledgerReceipts = (ledger: Studio['ledger']): (PushReceipt | null)[] => [
  ledger.lastReceipt(),
  ledger.headFileReceipt(),
];

/** The checkpoint held, verified against the registry keys and no older than `receipts` and the lease held. */
function readCheckpoint(ws: Workspace, receipts: readonly (PushReceipt | null)[]): LogCheckpoint | null {
  return readHeldCheckpoint({
    raw: readSetting(ws.db, CHECKPOINT_KEY),
    registryKeys: ws.trust.registryKeys(),
    workstationId: workstationIdOf(ws.workstationKey.publicKeyPem),
    floors: [...receipts, ws.lease.receipt()],
    where: `the setting ${CHECKPOINT_KEY}`,
  });
}

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
  input: {
    registryUrl: string;
    token: string;
    orgId?: string;
    fetch?: typeof fetch;
    /** The ledger's last push receipts (`ledgerReceipts`): with the lease, where the log checkpoint starts again. */
    receipts?: readonly (PushReceipt | null)[];
  },
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
  // The log check starts from the newest signed receipt or lease the workspace holds (none for a new one).
  const start = newestSigned(
    [...(input.receipts ?? []), ws.lease.receipt()],
    ws.trust.registryKeys(),
    workstationIdOf(ws.workstationKey.publicKeyPem),
  );
  writeSetting(ws.db, CHECKPOINT_KEY, JSON.stringify(start?.signed ?? null));
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
  /** The enrolment now (null until the workspace enrols; `enrol` sets it without a restart). */
  readonly enrolment: WorkspaceEnrolment | null;
  /** One pull → push → check-in round; NOT_ENROLLED when the workspace has no enrolment. */
  syncOnce(): Promise<SyncResult>;
  /** Background sync (no-op while not enrolled; starts once the workspace enrols). */
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

/** What to do about a failed round or enrolment, in plain words (the message says what happened). */
export function syncAdvice(code: string, registryUrl: string | null): string {
  const at = registryUrl ? ` at ${registryUrl}` : '';
  if (code === 'REGISTRY_UNREACHABLE')
    return `The registry${at} did not answer. Check the address and this computer's network; the studio tries again on its own, or press Sync now.`;
  if (code === 'REGISTRY_CLOCK_SKEW')
    return "This computer's clock is too far from the registry's. Set the clock automatically, then press Sync now.";
  if (code.includes('ENROLMENT_TOKEN') || code === 'ENROLMENT_ORG_MISMATCH' || code.includes('ORG_MISMATCH'))
    return 'Ask the registry operator for a new enrolment token for your organisation and enrol again.';
  if (code === 'ENROL_REGISTRY_MISMATCH')
    return 'Check the registry address with your operator: the server that answered is not the registry the token names.';
  if (code === 'REGISTRY_WORKSTATION_UNKNOWN' || code === 'REGISTRY_UNAUTHENTICATED' || code === 'REGISTRY_FORBIDDEN')
    return 'The registry no longer accepts this workstation. Ask the registry operator whether it was removed, then enrol again with a new token.';
  if (code === 'SYNC_REJECTED')
    return 'The registry refused some usage records (a licence it does not know?); they stay waiting here. Tell the registry operator what the message says.';
  if (code === 'SYNC_LOG_INCONSISTENT')
    return "The registry's public log no longer extends the one it showed this workstation before (rewritten or cut short); usage stays waiting here and the lease is not renewed. Tell the registry operator and the twin owners' auditors.";
  if (code === 'SYNC_CHECKPOINT_TAMPERED')
    return "Someone edited this workspace's record of the registry log it last verified; usage stays waiting here and the lease is not renewed. Restore the workspace from a backup, or check it and enrol again with a new token from the registry operator.";
  if (code === 'SYNC_INCLUSION_FAILED')
    return "The registry acknowledged usage records without proving they are in its public log; they stay waiting here and are sent again. Tell the registry operator and the twin owners' auditors.";
  if (code.startsWith('REGISTRY_'))
    return 'The registry could not handle the request. Press Sync now to try again; if it keeps failing, tell the registry operator.';
  return 'Press Sync now to try again; if it keeps failing, tell your studio administrator what the message says.';
}

/** The workspace's sync client: the ledger is the outbox, the feed lands in the workspace, check-ins renew the lease. */
export function createStudioSync(studio: Studio, options: StudioSyncOptions = {}): StudioSync {
  const { ws, ledger } = studio;
  const { now } = ws;
  /** How many feed changes (licences, revocations, withdrawals, owners) this client has applied. */
  let applied = 0;
  let enrolment = readEnrolment(ws);
  let started = false;
  let syncing = false;
  /** An enrolment that failed: shown until the next good enrolment or round. */
  let enrolError: { code: string; message: string } | null = null;
  const listeners = new Set<(event: StudioEvent) => void>();
  const emit = (event: StudioEvent): void => {
    for (const listener of listeners) listener(event);
  };

  const build = (e: WorkspaceEnrolment): SyncClient =>
    createSyncClient({
      outbox: ledger,
      registryUrl: e.registryUrl,
      workstationKey: ws.workstationKey,
      registryPublicKeyPem: () => readEnrolment(ws)?.registryPublicKeyPem ?? e.registryPublicKeyPem,
      applyChange: async (change) => {
        await applyRegistryChange(ws, change);
        applied++;
      },
      cursor: {
        load: () => Number(readSetting(ws.db, CURSOR_KEY) ?? 0),
        save: (cursor) => writeSetting(ws.db, CURSOR_KEY, String(cursor)),
      },
      checkpoint: {
        load: () => readCheckpoint(ws, ledgerReceipts(ledger)),
        save: (_checkpoint, signed) => writeSetting(ws.db, CHECKPOINT_KEY, JSON.stringify(signed)),
      },
      onLease: (lease) => void ws.lease.recordLease(lease),
      now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref())),
      random: options.random ?? Math.random,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    });

  let client: SyncClient | null = null;
  let detach = (): void => {};
  let seen = applied;
  const attach = (next: SyncClient): void => {
    detach();
    client = next;
    detach = client.on(() => {
      emit({ type: 'sync.status', status: status() });
      // The feed changed licences or their standing: every window's licence lines and gate answers follow.
      if (applied === seen) return;
      seen = applied;
      emit({ type: 'library.changed', what: 'licences' });
    });
  };
  if (enrolment) attach(build(enrolment));

  const status = (): WireSyncStatus => {
    const pendingRecords = Math.max(0, ledger.head().seq - ledger.ackedSeq());
    const base = {
      enrolled: enrolment !== null,
      registryUrl: enrolment?.registryUrl ?? null,
      orgId: enrolment?.orgId ?? null,
      workstationId: enrolment?.workstationId ?? null,
      lastCheckInAt: ws.lease.lastCheckInAt(),
      pendingRecords,
    };
    const failed = (e: { code: string; message: string }) => ({
      ...e,
      advice: syncAdvice(e.code, base.registryUrl),
    });
    if (!client) {
      const lastError = enrolError ? failed(enrolError) : null;
      return { ...base, state: lastError ? 'error' : 'idle', message: 'not enrolled with a registry', lastError };
    }
    const s = client.status();
    const lastError = s.lastError ? failed(s.lastError) : null;
    if (syncing) return { ...base, state: 'syncing', message: 'syncing with the registry', lastError };
    if (s.reachable === false)
      return {
        ...base,
        state: 'offline',
        message: s.lastError?.message ?? 'the registry cannot be reached',
        lastError,
      };
    if (s.lastError)
      return { ...base, state: 'error', message: `${s.lastError.code}: ${s.lastError.message}`, lastError };
    return { ...base, state: 'idle', message: s.lastSyncAt ? `last synced ${s.lastSyncAt}` : null, lastError: null };
  };

  const syncOnce = async (): Promise<SyncResult> => {
    if (!client)
      throw new StudioError(
        'NOT_ENROLLED',
        `Expected an enrolled workspace; enrol in Settings or run \`twin-studio enrol --registry URL --token T --workspace ${ws.dir}\` first`,
        { workspace: ws.dir },
      );
    syncing = true;
    emit({ type: 'sync.status', status: status() });
    try {
      return await client.syncOnce();
    } finally {
      syncing = false;
      emit({ type: 'sync.status', status: status() });
    }
  };

  const enrol = async (input: { registryUrl: string; token: string }): Promise<WireSyncStatus> => {
    try {
      enrolment = await enrolWorkspace(ws, {
        ...input,
        receipts: ledgerReceipts(ledger),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    } catch (error) {
      const e = toStudioError(error);
      if (!client) {
        enrolError = { code: e.code, message: e.message };
        emit({ type: 'sync.status', status: status() });
      }
      throw e;
    }
    enrolError = null;
    const previous = client;
    attach(build(enrolment));
    if (previous) await previous.stop();
    if (started) client!.start();
    emit({ type: 'sync.status', status: status() });
    return status();
  };

  return {
    get enrolment() {
      return enrolment;
    },
    syncOnce,
    start: () => {
      started = true;
      client?.start();
    },
    stop: async () => {
      started = false;
      await client?.stop();
    },
    status,
    service: {
      status: async () => status(),
      enrol,
      async syncNow() {
        // A failed round is reported in the status (state and lastError), not thrown: the window shows it there.
        await syncOnce().catch((error: unknown) => {
          if (toStudioError(error).code === 'NOT_ENROLLED') throw error;
        });
        return status();
      },
      events(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
  };
}
