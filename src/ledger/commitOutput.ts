import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import type { CommitJournal } from './commitJournal.ts';
import type { AppendInput, Ledger } from './ledger.ts';
import type { UsageRecord } from './record.ts';

/** The durable steps of a commit, in order; the crash tests stop the process after each. */
export const COMMIT_STEPS = ['begun', 'temp-written', 'temp-synced', 'recorded', 'renamed', 'dir-synced'] as const;
export type CommitStep = (typeof COMMIT_STEPS)[number];

const TEMP_PATTERN = /^(.+)\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.partial$/;

/** The temp file names the usage id, so recovery can tell whether its record was committed. */
export function tempPathFor(finalPath: string, usageId: string): string {
  return `${finalPath}.${usageId}.partial`;
}

/**
 * Makes a rename durable. Windows cannot open a directory for fsync from Node; NTFS journals the rename itself,
 * so there the step is skipped rather than failed.
 */
export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The temp file and its directory entry are durable before the record is inserted, so a record never outlives its bytes. */
function writeAndSync(file: string, bytes: Uint8Array, afterStep: (step: CommitStep) => void): void {
  const fd = openSync(file, 'wx');
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    afterStep('temp-written');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDirectory(path.dirname(file));
  afterStep('temp-synced');
}

export interface CommitOutputOptions {
  ledger: Pick<Ledger, 'append' | 'reserveId'>;
  /**
   * Where the commit is recorded before its file is written (the studio's journal). Without one, only a temp file
   * inside a folder that recoverOutputs scans can be recovered.
   */
  journal?: Pick<CommitJournal, 'reserve' | 'begin' | 'settle'>;
  finalPath: string;
  bytes: Uint8Array;
  /** The usage record to write with the file; its outputSha256 is taken from `bytes`. Pass the reserved id. */
  record: Omit<AppendInput, 'outputSha256'>;
  /** Called after each durable step; only the crash tests (and the CLI's fault-injection seam) use it. */
  afterStep?: (step: CommitStep) => void;
  /**
   * Rows that must exist exactly when the record does (e.g. the outputs catalogue): written in the same
   * transaction as the ledger insert, given a runner for that transaction (BEGIN IMMEDIATE: see below).
   */
  withRecord?: { transaction: <T>(fn: () => T) => T; write: (record: UsageRecord) => void };
}

/**
 * Puts the temp file at its final path without ever replacing a file there: a hard link then an unlink, so two
 * commits racing for one path cannot overwrite each other. File systems without hard links get a rename.
 */
function placeFile(temp: string, finalPath: string): void {
  try {
    linkSync(temp, finalPath);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw cause;
    if (existsSync(finalPath)) throw cause;
    renameSync(temp, finalPath);
    return;
  }
  rmSync(temp);
}

/**
 * Writes an output file and its usage record together: journal row (the target path, durable), temp file, fsync,
 * ledger insert, rename, directory fsync. A crash before the insert leaves a temp file with no record (recovery
 * deletes it); after the insert, a temp file with a record (recovery moves it into place). Never a file without
 * its record. With `withRecord`, the caller's transaction must be BEGIN IMMEDIATE: a deferred one that reads first
 * cannot wait for another process's writer and fails with "database is locked" instead.
 */
export function commitOutput(options: CommitOutputOptions): { record: UsageRecord; path: string } {
  const { ledger, journal, bytes } = options;
  const finalPath = path.resolve(options.finalPath);
  const afterStep = options.afterStep ?? (() => {});
  if (existsSync(finalPath))
    throw new StudioError(
      'OUTPUT_EXISTS',
      `Expected no file at ${finalPath} but one is already there; outputs are never overwritten`,
      { path: finalPath },
    );
  const id = options.record.id ?? (journal ? journal.reserve() : ledger.reserveId());
  const dir = path.dirname(finalPath);
  const temp = tempPathFor(finalPath, id);
  let record: UsageRecord;
  try {
    mkdirSync(dir, { recursive: true });
    journal?.begin(id, finalPath, temp);
    afterStep('begun');
    writeAndSync(temp, bytes, afterStep);
    const insert = (): UsageRecord => {
      const appended = ledger.append({ ...options.record, id, outputSha256: sha256Hex(bytes) });
      options.withRecord?.write(appended);
      return appended;
    };
    record = options.withRecord ? options.withRecord.transaction(insert) : insert();
  } catch (cause) {
    rmSync(temp, { force: true });
    journal?.settle(id);
    if (cause instanceof StudioError) throw cause;
    throw new StudioError(
      'OUTPUT_WRITE_FAILED',
      `Could not write the output ${finalPath}: ${(cause as Error).message}`,
      { path: finalPath, usageId: id },
      { cause },
    );
  }
  afterStep('recorded');
  try {
    placeFile(temp, finalPath);
    afterStep('renamed');
    fsyncDirectory(dir);
    afterStep('dir-synced');
  } catch (cause) {
    throw new StudioError(
      'OUTPUT_COMMIT_INCOMPLETE',
      `The usage record ${id} is committed but the file could not be moved to ${finalPath}: ${(cause as Error).message}; recovery will finish it at the next start`,
      { path: finalPath, temp, usageId: id },
      { cause },
    );
  }
  journal?.settle(id);
  return { record, path: finalPath };
}

export interface RecoveryReport {
  /** Final paths of outputs whose record was committed, now moved into place. */
  completed: string[];
  /** Temp files without a record, deleted. */
  discarded: string[];
  /** Temp files left alone because something contradicts (hash differs, another file holds the final path). */
  conflicts: { temp: string; reason: string }[];
  /** Committed records whose file is neither in place nor in a temp file (e.g. deleted by hand): cannot be restored. */
  missing: { usageId: string; path: string }[];
  /** Reservations of renders that died before their commit, given back. */
  released: string[];
}

export const emptyRecoveryReport = (): RecoveryReport => ({
  completed: [],
  discarded: [],
  conflicts: [],
  missing: [],
  released: [],
});

function* tempFiles(dir: string): Generator<{ temp: string; finalPath: string; usageId: string }> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* tempFiles(full);
    const match = entry.isFile() ? TEMP_PATTERN.exec(entry.name) : null;
    if (match) yield { temp: full, finalPath: path.join(dir, match[1] as string), usageId: match[2] as string };
  }
}

/** The file's SHA-256, or null when it is not there (another process may have just moved it). */
function hashOf(file: string): string | null {
  try {
    return sha256Hex(readFileSync(file));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw cause;
  }
}

export type Settled = 'completed' | 'discarded' | 'conflict' | 'missing' | 'in-place' | 'nothing';

/**
 * Brings one interrupted commit to both-or-neither: with no record, its temp file goes; with a record, the temp file
 * is moved into place (or dropped when the final file already holds those bytes). Reports what it did.
 */
export function settleCommit(
  options: { ledger: Pick<Ledger, 'get'>; usageId: string; temp: string | null; finalPath: string | null },
  report: RecoveryReport,
): Settled {
  const { usageId, temp, finalPath } = options;
  const record = options.ledger.get(usageId);
  if (!record) {
    if (temp && existsSync(temp)) {
      rmSync(temp, { force: true });
      report.discarded.push(temp);
      return 'discarded';
    }
    return 'nothing';
  }
  const finalSha = finalPath ? hashOf(finalPath) : null;
  const tempSha = temp ? hashOf(temp) : null;
  if (finalSha === record.outputSha256) {
    if (temp && tempSha !== null) rmSync(temp, { force: true });
    if (temp && tempSha !== null && finalPath) report.completed.push(finalPath);
    return 'in-place';
  }
  if (tempSha === null || !temp || !finalPath) {
    report.missing.push({ usageId, path: finalPath ?? temp ?? '' });
    return 'missing';
  }
  if (tempSha !== record.outputSha256) {
    const reason = `its SHA-256 ${tempSha} differs from record ${usageId}'s ${record.outputSha256}`;
    report.conflicts.push({ temp, reason });
    return 'conflict';
  }
  if (finalSha !== null) {
    report.conflicts.push({ temp, reason: `another file already holds ${finalPath}` });
    return 'conflict';
  }
  placeFile(temp, finalPath);
  fsyncDirectory(path.dirname(finalPath));
  report.completed.push(finalPath);
  return 'completed';
}

/**
 * Finishes or undoes commits cut short by a crash whose temp files lie in `outputsDir` (a commit made without a
 * journal). Temp files of commits the journal knows (`isJournaled`) are left to journal recovery, which can tell a
 * crashed commit from one in progress; without a journal, run this only when nothing can be committing there.
 */
export function recoverOutputs(options: {
  ledger: Pick<Ledger, 'get'>;
  outputsDir: string;
  isJournaled?: (usageId: string) => boolean;
}): RecoveryReport {
  const report = emptyRecoveryReport();
  for (const { temp, finalPath, usageId } of tempFiles(options.outputsDir)) {
    if (options.isJournaled?.(usageId)) continue;
    settleCommit({ ledger: options.ledger, usageId, temp, finalPath }, report);
  }
  return report;
}
