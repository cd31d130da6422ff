import { keyIdOf, verifyObject, type KeyPairFile, type PublicKeyFile } from '../crypto/index.ts';
import { StudioError, toStudioError, type ErrorCode } from '../errors/index.ts';
import { verifyRotation } from '../trust/index.ts';
import type { LedgerOutbox, PushReceipt, UsageRecord } from '../ledger/index.ts';
import { checkLogConsistency, type LogCheckpoint } from './consistency.ts';
import { checkReceiptInclusion } from './inclusion.ts';
import {
  changePageSchema,
  changeSchema,
  leaseReceiptSchema,
  MAX_RECORDS_PER_PUSH,
  pushReceiptSchema,
  type LeaseReceipt,
  type RegistryChange,
} from '../registry/protocol.ts';
import { backoffDelay } from './backoff.ts';
import { createSignedHttp } from './http.ts';
import { registryRefusal } from './registryRefusal.ts';

export interface SyncStatus {
  lastSyncAt: string | null;
  pending: number;
  reachable: boolean | null;
  lastError: { code: ErrorCode; message: string } | null;
  /** Registry clock minus local clock, from the last signed reply. */
  serverTimeOffsetMs: number;
}

export interface SyncResult {
  pushed: number;
  ackedSeq: number;
  changes: number;
  lease: LeaseReceipt;
}

export interface SyncClientDeps {
  outbox: LedgerOutbox;
  registryUrl: string;
  workstationKey: KeyPairFile;
  /** Pinned at enrolment (read again on every check, so a rotation applied from the feed takes effect at once). */
  registryPublicKeyPem: string | (() => string);
  applyChange(change: RegistryChange): void | Promise<void>;
  /** Where the change-feed cursor lives between runs (the workspace); in memory when absent. */
  cursor?: { load(): number; save(cursor: number): void };
  /**
   * The last log checkpoint (tree size and root from a signed receipt or lease) this workstation verified; every
   * later one must extend it. Kept in the workspace between runs, as the signed receipt or lease it came from
   * (`signed`), so that it can be verified when read; in memory when absent.
   */
  checkpoint?: { load(): LogCheckpoint | null; save(checkpoint: LogCheckpoint, signed: object): void };
  onLease?(lease: LeaseReceipt): void;
  fetch?: typeof fetch;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  batchSize?: number;
  intervalMs?: number;
  timeoutMs?: number;
}

export interface SyncClient {
  syncOnce(): Promise<SyncResult>;
  start(): void;
  stop(): Promise<void>;
  status(): SyncStatus;
  on(listener: (status: SyncStatus) => void): () => void;
}

/**
 * The key a feed page must verify against: the pinned one, or one that a rotation on the same page hands over to
 * (each rotation signed by the key before it), since the registry signs the page with its new key already.
 */
function pageSigner(signerKeyId: string, changes: readonly unknown[], pinnedPem: string): string {
  let current: PublicKeyFile = { keyId: keyIdOf(pinnedPem), publicKeyPem: pinnedPem };
  for (const raw of changes) {
    if (current.keyId === signerKeyId) break;
    const change = changeSchema.safeParse(raw);
    if (!change.success || change.data.kind !== 'rotation') continue;
    try {
      current = verifyRotation(change.data.body, [current]);
    } catch {
      break;
    }
  }
  return current.publicKeyPem;
}

export function createSyncClient(deps: SyncClientDeps): SyncClient {
  const { outbox } = deps;
  // As many records per push as the registry takes: each push is a round trip, a transaction and a receipt check.
  const batchSize = deps.batchSize ?? MAX_RECORDS_PER_PUSH;
  let memoryCursor = 0;
  const cursor = deps.cursor ?? { load: () => memoryCursor, save: (c: number) => void (memoryCursor = c) };
  let memoryCheckpoint: LogCheckpoint | null = null;
  const checkpoints = deps.checkpoint ?? {
    load: () => memoryCheckpoint,
    save: (c: LogCheckpoint) => void (memoryCheckpoint = c),
  };
  let offsetMs = 0;
  const listeners = new Set<(status: SyncStatus) => void>();
  let state: SyncStatus = {
    lastSyncAt: null,
    pending: Math.max(0, outbox.head().seq - outbox.ackedSeq()),
    reachable: null,
    lastError: null,
    serverTimeOffsetMs: 0,
  };
  const update = (patch: Partial<SyncStatus>): void => {
    state = {
      ...state,
      ...patch,
      pending: Math.max(0, outbox.head().seq - outbox.ackedSeq()),
      serverTimeOffsetMs: offsetMs,
    };
    for (const listener of listeners) listener(state);
  };
  const http = createSignedHttp({
    registryUrl: deps.registryUrl,
    workstationId: outbox.workstationId(),
    privateKeyPem: deps.workstationKey.privateKeyPem,
    fetch: deps.fetch ?? fetch,
    now: deps.now,
    offsetMs: () => offsetMs,
    timeoutMs: deps.timeoutMs ?? 15_000,
  });

  const learnOffset = (serverTime: string, sentAt: number): void => {
    offsetMs = Date.parse(serverTime) - (sentAt + deps.now().getTime()) / 2;
  };

  /** Sends a request; a CLOCK_SKEW refusal teaches us the registry's clock and is retried once. */
  const call = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> => {
    for (let attempt = 0; ; attempt++) {
      const sentAt = deps.now().getTime();
      const reply = await http.call(method, path, body);
      const error = reply.json.error as
        { code?: string; message?: string; details?: { serverTime?: string } } | undefined;
      if (reply.status === 401 && error?.code === 'CLOCK_SKEW' && error.details?.serverTime && attempt === 0) {
        learnOffset(error.details.serverTime, sentAt);
        continue;
      }
      if (reply.status >= 400 && reply.status !== 409) {
        throw registryRefusal(`${method} ${path}`, reply.status, error);
      }
      return reply;
    }
  };

  const pinnedKey = (): string =>
    typeof deps.registryPublicKeyPem === 'function' ? deps.registryPublicKeyPem() : deps.registryPublicKeyPem;
  const verified = <T extends object>(value: T, what: string, publicKeyPem = pinnedKey()): T => {
    if (!verifyObject(value, publicKeyPem))
      throw new StudioError(
        'RECEIPT_INVALID',
        `The registry's ${what} does not verify against the pinned registry key`,
        {},
      );
    return value;
  };

  const pull = async (): Promise<number> => {
    let applied = 0;
    for (let page = 0; page < 10_000; page++) {
      const from = cursor.load();
      const reply = await call('GET', `/v1/changes?cursor=${from}`);
      const parsed = changePageSchema.safeParse(reply.json);
      if (!parsed.success)
        throw new StudioError(
          'FEED_INVALID',
          'Expected a signed page of the change feed (changes/1); the reply is not one',
          {},
        );
      const page = verified(
        parsed.data,
        'change feed page',
        pageSigner(parsed.data.registryKeyId, parsed.data.changes, pinnedKey()),
      );
      if (page.workstationId !== outbox.workstationId() || page.from !== from) {
        throw new StudioError(
          'FEED_INVALID',
          `The feed page starts after ${page.from} for ${page.workstationId}, not after ${from} for this workstation`,
          {},
        );
      }
      const changes = page.changes;
      if (changes.length === 0) return applied;
      for (const raw of changes) {
        const change = changeSchema.parse(raw);
        if (change.seq <= cursor.load()) continue;
        await deps.applyChange(change);
        cursor.save(change.seq);
        applied++;
      }
    }
    throw new StudioError('SYNC_LOOP', 'The change feed did not end after 10 000 pages', {});
  };

  /** Acks a receipt only once its records are proven in its log and that log extends the checkpoint held. */
  const acknowledge = (
    receipt: PushReceipt,
    records: readonly UsageRecord[],
    before: number,
    held: LogCheckpoint | null,
    reply: Record<string, unknown>,
  ): void => {
    checkReceiptInclusion(receipt, records, before, reply.inclusion);
    // checkReceiptInclusion refused a receipt without them.
    const next = { treeSize: receipt.treeSize as number, rootHash: receipt.rootHash as string };
    checkLogConsistency(held, next, reply.consistency, 'push receipt');
    // Saved first: a checkpoint older than the ledger's last receipt reads as rewound.
    checkpoints.save(next, receipt);
    outbox.acknowledge(receipt);
  };

  const push = async (): Promise<number> => {
    let pushed = 0;
    const rounds = Math.ceil((outbox.head().seq - outbox.ackedSeq()) / batchSize) + 3;
    for (let round = 0; round < rounds && outbox.ackedSeq() < outbox.head().seq; round++) {
      const before = outbox.ackedSeq();
      const records = outbox.recordsAfter(before, batchSize);
      if (records.length === 0) break;
      const sentAt = deps.now().getTime();
      const held = checkpoints.load();
      const reply = await call('POST', '/v1/usage', {
        workstationId: outbox.workstationId(),
        records,
        ...(held ? { since: held.treeSize } : {}),
      });
      const receipt: PushReceipt = verified(pushReceiptSchema.parse(reply.json.receipt), 'push receipt');
      if (receipt.workstationId !== outbox.workstationId())
        throw new StudioError(
          'RECEIPT_INVALID',
          `The receipt is for ${receipt.workstationId}, not this workstation`,
          {},
        );
      learnOffset(receipt.serverTime, sentAt);
      const mine = records.find((r) => r.seq === receipt.ackedSeq);
      if (receipt.ackedSeq > outbox.head().seq || (mine && mine.hash !== receipt.headHash)) {
        throw new StudioError(
          'SYNC_FORK',
          `The registry's head (${receipt.ackedSeq}, ${receipt.headHash}) is not on this workstation's chain`,
          { receipt },
        );
      }
      if (reply.status === 409) {
        const error = reply.json.error as { code?: string; message?: string; details?: Record<string, unknown> };
        if (error.code === 'USAGE_ID_CLASH') {
          // Records before the clashing one were stored: keep their receipt, then stop on the named record.
          if (receipt.ackedSeq > before) acknowledge(receipt, records, before, held, reply.json);
          throw new StudioError('REGISTRY_USAGE_ID_CLASH', error.message ?? 'A record re-uses a usage id', {
            status: 409,
            ...error.details,
          });
        }
        throw new StudioError(
          'SYNC_EQUIVOCATION',
          error.message ?? 'The registry holds a different record at an acked seq',
          { receipt },
        );
      }
      if (receipt.ackedSeq > before) {
        acknowledge(receipt, records, before, held, reply.json);
        pushed += receipt.ackedSeq - before;
        update({});
      } else {
        throw new StudioError(
          'SYNC_REJECTED',
          `The registry accepted none of seq ${before + 1}…: ${JSON.stringify(reply.json.rejected)}`,
          { rejected: reply.json.rejected },
        );
      }
    }
    return pushed;
  };

  /** The lease names the log it was issued at: it must extend the checkpoint held (one proof request if it grew). */
  const checkLeaseCheckpoint = async (lease: LeaseReceipt): Promise<void> => {
    const { treeSize, rootHash } = lease;
    if (treeSize === undefined || rootHash === undefined)
      throw new StudioError(
        'SYNC_LOG_INCONSISTENT',
        "Expected the registry's lease to name the log checkpoint it was issued at, but it names none; " +
          'the lease is not renewed: update the registry',
        {},
      );
    const held = checkpoints.load();
    const next = { treeSize, rootHash };
    const grew = held !== null && treeSize > held.treeSize;
    const proof = grew
      ? (await call('GET', `/v1/proof/consistency?from=${held.treeSize}&to=${treeSize}`)).json.path
      : [];
    checkLogConsistency(held, next, proof, 'lease');
    checkpoints.save(next, lease);
  };

  const requestLease = async (): Promise<LeaseReceipt> => {
    const sentAt = deps.now().getTime();
    const reply = await call('POST', '/v1/checkin', { workstationId: outbox.workstationId(), head: outbox.head() });
    const lease = verified(leaseReceiptSchema.parse(reply.json), 'lease');
    if (lease.workstationId !== outbox.workstationId())
      throw new StudioError('RECEIPT_INVALID', `The lease is for ${lease.workstationId}, not this workstation`, {});
    learnOffset(lease.serverTime, sentAt);
    await checkLeaseCheckpoint(lease);
    return lease;
  };

  /** A lease renews only once every change it commits to is applied; a change that arrived meanwhile is pulled first. */
  const checkIn = async (): Promise<{ lease: LeaseReceipt; pulled: number }> => {
    let lease = await requestLease();
    let pulled = 0;
    if (lease.feedHead > cursor.load()) {
      pulled = await pull();
      lease = await requestLease();
    }
    if (lease.feedHead > cursor.load()) {
      throw new StudioError(
        'FEED_INCOMPLETE',
        `The registry's feed reaches change ${lease.feedHead} but this workstation received changes only up to ${cursor.load()}: changes were lost on the way, so the lease is not renewed. Sync again; if it persists, check the network path to the registry`,
        { feedHead: lease.feedHead, cursor: cursor.load() },
      );
    }
    deps.onLease?.(lease);
    return { lease, pulled };
  };

  const round = async (): Promise<SyncResult> => {
    try {
      // Changes first: a revocation should reach the render gate before anything else happens.
      const changes = await pull();
      const pushed = await push();
      const { lease, pulled } = await checkIn();
      update({ lastSyncAt: new Date(deps.now().getTime() + offsetMs).toISOString(), reachable: true, lastError: null });
      return { pushed, ackedSeq: outbox.ackedSeq(), changes: changes + pulled, lease };
    } catch (error) {
      const e = toStudioError(error);
      update({ reachable: e.code !== 'REGISTRY_UNREACHABLE', lastError: { code: e.code, message: e.message } });
      throw e;
    }
  };
  // One round at a time: a "Sync now" while the background round runs shares that round (the cursor and the
  // outbox's acked mark move once).
  let inFlight: Promise<SyncResult> | null = null;
  const syncOnce = (): Promise<SyncResult> =>
    (inFlight ??= round().finally(() => {
      inFlight = null;
    }));

  let running = false;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      void deps.sleep(ms).then(resolve);
    });

  return {
    syncOnce,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        for (let attempt = 0; running;) {
          try {
            await syncOnce();
            attempt = 0;
            if (running) await pause(deps.intervalMs ?? 60_000);
          } catch {
            if (running) await pause(backoffDelay(attempt++, deps.random));
          }
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
    status: () => state,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
