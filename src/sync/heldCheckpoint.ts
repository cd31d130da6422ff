import { verifyObject, type PublicKeyFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { leaseReceiptSchema, pushReceiptSchema } from '../registry/protocol.ts';
import type { LogCheckpoint } from './consistency.ts';

/** A push receipt or a lease as the registry signed it: the checkpoint it names is only as good as its signature. */
export type SignedCheckpointSource = { treeSize?: number; rootHash?: string; registryKeyId: string };

export interface HeldCheckpointDeps {
  /** The stored value (JSON of the signed receipt or lease), null when none is stored. */
  raw: string | null;
  registryKeys: readonly PublicKeyFile[];
  workstationId: string;
  /**
   * Other registry-signed objects this workspace keeps (the ledger's last push receipt, the lease): the checkpoint
   * was saved from each of them or from a later one, so it cannot be older than any that verifies.
   */
  floors: readonly unknown[];
  /** Where the value lives, for messages. */
  where: string;
}

/** The checkpoint a receipt or lease signs, if it is one the pinned registry keys signed for this workstation. */
export function signedCheckpoint(
  value: unknown,
  registryKeys: readonly PublicKeyFile[],
  workstationId: string,
): LogCheckpoint | null {
  const parsed = leaseReceiptSchema.safeParse(value);
  const signed = parsed.success ? parsed.data : pushReceiptSchema.safeParse(value).data;
  if (!signed || signed.workstationId !== workstationId) return null;
  if (signed.treeSize === undefined || signed.rootHash === undefined) return null;
  const key = registryKeys.find((k) => k.keyId === signed.registryKeyId);
  if (!key || !verifyObject(signed, key.publicKeyPem)) return null;
  return { treeSize: signed.treeSize, rootHash: signed.rootHash };
}

/** The newest checkpoint among the signed objects that verify, and the object it came from. */
export function newestSigned(
  values: readonly unknown[],
  registryKeys: readonly PublicKeyFile[],
  workstationId: string,
): { checkpoint: LogCheckpoint; signed: unknown } | null {
  let best: { checkpoint: LogCheckpoint; signed: unknown } | null = null;
  for (const signed of values) {
    const checkpoint = signedCheckpoint(signed, registryKeys, workstationId);
    if (checkpoint && (best === null || checkpoint.treeSize > best.checkpoint.treeSize)) best = { checkpoint, signed };
  }
  return best;
}

/**
 * Older builds kept the bare tree size and root. Such a value counts only where it is the newest signed receipt's
 * or lease's own checkpoint (what a workspace whose last round completed holds); the next round replaces it.
 */
function legacy(value: unknown, floor: LogCheckpoint | null): LogCheckpoint | null {
  const bare = value as Partial<LogCheckpoint> | null;
  if (floor === null || typeof bare !== 'object' || bare === null || Object.keys(bare).length !== 2) return null;
  return bare.treeSize === floor.treeSize && bare.rootHash === floor.rootHash ? floor : null;
}

/**
 * Reads the log checkpoint a workstation holds. It is kept as the registry-signed receipt or lease it came from, so
 * an edited value does not verify against the pinned registry key; one older than a signed receipt or lease the
 * workspace still holds (rewound), or none at all while such a one exists (removed), is refused too: sync must
 * not decide which logs extend "what it saw before" from a value anyone who can edit the workspace could set.
 */
export function readHeldCheckpoint(deps: HeldCheckpointDeps): LogCheckpoint | null {
  const { raw, registryKeys, workstationId, where } = deps;
  const refuse = (found: string, facts: Record<string, unknown>): never => {
    throw new StudioError(
      'SYNC_CHECKPOINT_TAMPERED',
      `Expected ${where} to hold the registry-signed receipt or lease of the last log checkpoint this workstation ` +
        `verified, but ${found}; the workspace was edited, so sync decides nothing on it. Restore the workspace ` +
        'from a backup, or check it and enrol again with a new token (that starts from the newest signed receipt ' +
        'or lease it holds)',
      { setting: where, ...facts },
    );
  };
  const floor = newestSigned(deps.floors, registryKeys, workstationId)?.checkpoint ?? null;
  let held: LogCheckpoint | null = null;
  if (raw !== null && raw !== 'null') {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    held = signedCheckpoint(value, registryKeys, workstationId) ?? legacy(value, floor);
    if (held === null) refuse(`it holds ${raw.slice(0, 80)}, which the pinned registry key did not sign`, {});
  }
  if (floor !== null && held === null)
    refuse(`it holds none while a signed receipt or lease names ${floor.treeSize} leaves (removed)`, { floor });
  if (floor !== null && held !== null && held.treeSize < floor.treeSize)
    refuse(
      `it names ${held.treeSize} leaves while a signed receipt or lease it holds names ${floor.treeSize} (rewound)`,
      { held, floor },
    );
  return held;
}
