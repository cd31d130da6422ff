import { StudioError } from '../errors/index.ts';
import { verifyConsistency } from '../registry/merkle.ts';

/** A tree size and root the registry signed (in a push receipt or a lease) and this workstation verified. */
export interface LogCheckpoint {
  treeSize: number;
  rootHash: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks that the log the registry now signs (`next`) extends the one this workstation last verified (`held`):
 * an RFC 6962 consistency proof, checked as RFC 9162 §2.1.4.2 says. A log that shrank, or whose history changed
 * since, is refused, so a registry cannot rewrite or truncate its log between two syncs unseen.
 */
export function checkLogConsistency(
  held: LogCheckpoint | null,
  next: LogCheckpoint,
  proof: unknown,
  what: string,
): void {
  if (held === null) return;
  const refuse = (why: string): StudioError =>
    new StudioError(
      'SYNC_LOG_INCONSISTENT',
      `Expected the registry's ${what} to sign a log that extends the one it signed before (${held.treeSize} leaves, ` +
        `root ${held.rootHash.slice(0, 16)}…), but ${why}; nothing is acknowledged: report this registry to its auditors`,
      { held, next },
    );
  if (next.treeSize < held.treeSize) throw refuse(`the log shrank to ${next.treeSize} leaves: leaves were removed`);
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === 'string' && HEX64.test(p)))
    throw refuse('the reply carries no consistency proof of hex hashes');
  const ok = verifyConsistency(
    held.treeSize,
    next.treeSize,
    Buffer.from(held.rootHash, 'hex'),
    Buffer.from(next.rootHash, 'hex'),
    (proof as string[]).map((p) => Buffer.from(p, 'hex')),
  );
  if (!ok) throw refuse(`its tree of ${next.treeSize} leaves does not extend it: the log's history was rewritten`);
}
