import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import type { AppendInput, Ledger } from './ledger.ts';
import type { UsageRecord } from './record.ts';

/** The durable steps of a commit, in order; the crash tests stop the process after each. */
export const COMMIT_STEPS = ['temp-written', 'temp-synced', 'recorded', 'renamed', 'dir-synced'] as const;
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
function fsyncDirectory(dir: string): void {
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
  finalPath: string;
  bytes: Uint8Array;
  /** The usage record to write with the file; its outputSha256 is taken from `bytes`. Pass the reserved id. */
  record: Omit<AppendInput, 'outputSha256'>;
  /** Called after each durable step; only the crash tests use it. */
  afterStep?: (step: CommitStep) => void;
  /**
   * Rows that must exist exactly when the record does (e.g. the outputs catalogue): written in the same
   * transaction as the ledger insert, given a runner for that transaction.
   */
  withRecord?: { transaction: <T>(fn: () => T) => T; write: (record: UsageRecord) => void };
}

/**
 * Writes an output file and its usage record together: temp file, fsync, ledger insert, rename, directory
 * fsync. A crash before the insert leaves a temp file with no record (recovery deletes it); after the insert,
 * a temp file with a record (recovery renames it into place). Never a file without its record.
 */
export function commitOutput(options: CommitOutputOptions): { record: UsageRecord; path: string } {
  const { ledger, finalPath, bytes } = options;
  const afterStep = options.afterStep ?? (() => {});
  if (existsSync(finalPath)) throw new StudioError('OUTPUT_EXISTS', `Expected no file at ${finalPath} but one is already there; outputs are never overwritten`, { path: finalPath });
  const id = options.record.id ?? ledger.reserveId();
  const dir = path.dirname(finalPath);
  mkdirSync(dir, { recursive: true });
  const temp = tempPathFor(finalPath, id);
  let record: UsageRecord;
  try {
    writeAndSync(temp, bytes, afterStep);
    const insert = (): UsageRecord => {
      const appended = ledger.append({ ...options.record, id, outputSha256: sha256Hex(bytes) });
      options.withRecord?.write(appended);
      return appended;
    };
    record = options.withRecord ? options.withRecord.transaction(insert) : insert();
  } catch (cause) {
    rmSync(temp, { force: true });
    if (cause instanceof StudioError) throw cause;
    throw new StudioError('OUTPUT_WRITE_FAILED', `Could not write the output ${finalPath}: ${(cause as Error).message}`, { path: finalPath, usageId: id }, { cause });
  }
  afterStep('recorded');
  try {
    renameSync(temp, finalPath);
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
  return { record, path: finalPath };
}

export interface RecoveryReport {
  /** Final paths of outputs whose record was committed, now moved into place. */
  completed: string[];
  /** Temp files without a record, deleted. */
  discarded: string[];
  /** Temp files left alone because something contradicts (hash differs, another file holds the final path). */
  conflicts: { temp: string; reason: string }[];
}

function* tempFiles(dir: string): Generator<{ temp: string; finalPath: string; usageId: string }> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* tempFiles(full);
    const match = entry.isFile() ? TEMP_PATTERN.exec(entry.name) : null;
    if (match) yield { temp: full, finalPath: path.join(dir, match[1] as string), usageId: match[2] as string };
  }
}

/**
 * Finishes or undoes commits cut short by a crash. Run it at startup, before any render can be committing:
 * it cannot tell a crashed commit from one in progress.
 */
export function recoverOutputs(options: { ledger: Pick<Ledger, 'get'>; outputsDir: string }): RecoveryReport {
  const report: RecoveryReport = { completed: [], discarded: [], conflicts: [] };
  for (const { temp, finalPath, usageId } of tempFiles(options.outputsDir)) {
    const record = options.ledger.get(usageId);
    if (!record) {
      rmSync(temp, { force: true });
      report.discarded.push(temp);
      continue;
    }
    const sha = sha256Hex(readFileSync(temp));
    if (sha !== record.outputSha256) {
      report.conflicts.push({ temp, reason: `its SHA-256 ${sha} differs from record ${usageId}'s ${record.outputSha256}` });
    } else if (existsSync(finalPath)) {
      if (sha256Hex(readFileSync(finalPath)) === sha) {
        rmSync(temp, { force: true });
        report.completed.push(finalPath);
      } else {
        report.conflicts.push({ temp, reason: `another file already holds ${finalPath}` });
      }
    } else {
      renameSync(temp, finalPath);
      fsyncDirectory(path.dirname(finalPath));
      report.completed.push(finalPath);
    }
  }
  return report;
}
