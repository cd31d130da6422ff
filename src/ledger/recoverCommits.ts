import type { CommitJournal } from './commitJournal.ts';
import { emptyRecoveryReport, recoverOutputs, settleCommit, type RecoveryReport } from './commitOutput.ts';
import type { Ledger } from './ledger.ts';
import { ownerIsGone, removeDeadOwnerLocks } from './ownerLock.ts';

export interface RecoverCommitsOptions {
  ledger: Pick<Ledger, 'get'>;
  journal: CommitJournal;
  /** Where the owners' lock files live (ownerLock.ts). */
  locksDir: string;
  /** Folders also scanned for temp files the journal does not know (commits made without one, older versions). */
  scanDirs?: string[];
}

/**
 * Restores "file and record, or neither" for every commit whose process died, wherever its file was headed, and
 * gives back the reservations of renders that died before their commit. Safe while other processes render into
 * the same workspace: a commit whose owner still holds its lock is left alone, and a dead owner's commit is
 * claimed in the database before it is touched, so two recoveries never work on the same one.
 */
export function recoverCommits(options: RecoverCommitsOptions): RecoveryReport {
  const { ledger, journal, locksDir } = options;
  const report = emptyRecoveryReport();
  const gone = new Map<string, boolean>();
  const ownerGone = (owner: string): boolean => {
    if (owner === journal.owner) return false;
    let answer = gone.get(owner);
    if (answer === undefined) gone.set(owner, (answer = ownerIsGone(locksDir, owner)));
    return answer;
  };

  for (const commit of journal.pending()) {
    if (!ownerGone(commit.owner) || !journal.claim(commit.usageId, commit.owner)) continue;
    const { usageId, tempPath: temp, finalPath } = commit;
    const settled = settleCommit({ ledger, usageId, temp, finalPath }, report);
    // A contradiction stays in the journal (now ours): it is reported again at every start until a person settles it.
    if (settled === 'conflict') continue;
    if (!ledger.get(commit.usageId)) report.released.push(commit.usageId);
    journal.settle(commit.usageId);
  }

  for (const dir of options.scanDirs ?? []) {
    const scanned = recoverOutputs({ ledger, outputsDir: dir, isJournaled: (id) => journal.get(id) !== undefined });
    report.completed.push(...scanned.completed);
    report.discarded.push(...scanned.discarded);
    report.conflicts.push(...scanned.conflicts);
    report.missing.push(...scanned.missing);
  }
  for (const id of journal.unownedReservations()) {
    journal.releaseReservation(id);
    report.released.push(id);
  }
  removeDeadOwnerLocks(locksDir, journal.owner);
  return report;
}
