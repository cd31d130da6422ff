import path from 'node:path';
import { StudioError } from '../errors/index.ts';
import type { Db } from '../storage/index.ts';
import { HEAD_FILE_NAME, type HeadFile } from './headFile.ts';
import type { PushReceipt } from './outbox.ts';
import { GENESIS_HASH } from './record.ts';

type Mark = { seq: number; hash: string };

/** Where the head file lives by default: beside the database file; none for a database in memory. */
export function defaultHeadFilePath(db: Db): string | null {
  if (db.memory || db.name === '' || db.name === ':memory:') return null;
  return path.join(path.dirname(path.resolve(db.name)), HEAD_FILE_NAME);
}

function ledgerVersion(db: Db): number {
  try {
    const version = db.prepare("SELECT version FROM schema_migrations WHERE domain = 'ledger'").pluck().get();
    return typeof version === 'number' ? version : 0;
  } catch {
    return 0; // no schema_migrations table yet: a new database
  }
}

/**
 * A ledger whose tables predate the head file (version below `anchoredVersion`) gets its first file here, from what
 * its database holds, before the migration that makes the file required; a new database gets the genesis head.
 * After that migration a missing file is never written again: it is reported (LEDGER_TAMPERED).
 */
export function writeFirstHeadFile(db: Db, file: HeadFile, anchoredVersion: number): void {
  const version = ledgerVersion(db);
  if (file.file === null || version >= anchoredVersion || file.read().state !== 'missing') return;
  if (version === 0) return file.write({ seq: 0, hash: GENESIS_HASH }, null);
  db.transaction(() => {
    const last = db.prepare('SELECT seq, hash FROM usage_records ORDER BY seq DESC LIMIT 1').get() as Mark | undefined;
    const receipt = db.prepare('SELECT last_receipt FROM ledger_sync WHERE singleton = 1').pluck().get();
    file.write(last ?? { seq: 0, hash: GENESIS_HASH }, typeof receipt === 'string' ? JSON.parse(receipt) : null);
  })();
}

/** The file could not be written now (disk, permissions, a busy database): it lags, and the next write catches up. */
function couldNotWrite(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z]+$|SQLITE_(BUSY|READONLY|LOCKED))/.test(code);
}

export interface HeadAnchorDeps {
  db: Db;
  file: HeadFile;
  /** The database's last record (genesis when empty). */
  head: () => Mark;
  hashAt: (seq: number) => string | undefined;
  /** The latest registry receipt the database holds. */
  lastReceipt: () => PushReceipt | null;
}

/**
 * Keeps the signed head file in step with the database: checked before each append (inside its transaction) and
 * moved after each append or receipt has committed, under the database's write lock, so it names a committed head
 * and never moves back or onto another chain. The gate's own check of it is in integrity.ts.
 */
export function createHeadAnchor(deps: HeadAnchorDeps) {
  const { db, file, hashAt } = deps;
  const since = db.prepare('SELECT since_seq FROM ledger_head_file WHERE singleton = 1').pluck();

  /** A receipt about this chain, up to `head`; anything else in the database is not signed into the file. */
  const ours = (receipt: PushReceipt | null, head: Mark): receipt is PushReceipt =>
    receipt !== null && receipt.ackedSeq <= head.seq && hashAt(receipt.ackedSeq) === receipt.headHash;

  const advanceTx = db.transaction((): void => {
    const stored = file.read();
    // Missing, edited or foreign: not ours to replace; the check reports it.
    if (stored.state !== 'valid') return;
    const head = deps.head();
    if (stored.head.seq > head.seq || hashAt(stored.head.seq) !== stored.head.hash) return;
    const fromDb = deps.lastReceipt();
    const keep = stored.receipt;
    const receipt = ours(fromDb, head) && (keep === null || fromDb.ackedSeq >= keep.ackedSeq) ? fromDb : keep;
    if (stored.head.seq === head.seq && receipt?.signature === keep?.signature) return;
    file.write(head, receipt);
  });

  return {
    /** The head when the ledger started keeping the file (0 for a ledger that always had one). */
    since: (): number => (since.get() as number | undefined) ?? 0,

    /** Refuses an append on top of `last` while the file is missing, invalid, or names records `last` lacks. */
    assertReached(last: Mark): void {
      const stored = file.read();
      if (stored.state === 'none') return;
      const refuse = (found: string, facts: Record<string, unknown>): never => {
        throw new StudioError(
          'LEDGER_TAMPERED',
          `Expected the ledger to reach the head in its signed head file ${HEAD_FILE_NAME} but ${found}; ` +
            "refusing to append. Run 'twin-studio ledger verify'",
          { headFile: file.file, last, ...facts },
        );
      };
      if (stored.state === 'missing') refuse('the file is missing', {});
      if (stored.state === 'invalid') refuse(`the file is not valid (${stored.reason})`, {});
      if (stored.state !== 'valid') return;
      const marks = [
        stored.head,
        ...(stored.receipt ? [{ seq: stored.receipt.ackedSeq, hash: stored.receipt.headHash }] : []),
      ];
      for (const mark of marks) {
        if (mark.seq > last.seq) refuse(`it names seq ${mark.seq} and the last record is seq ${last.seq}`, { mark });
        if (hashAt(mark.seq) !== mark.hash) refuse(`the record at seq ${mark.seq} is another one`, { mark });
      }
    },

    /**
     * Moves the file to the database's head (and latest receipt); a failed write leaves it lagging, never wrong.
     * Inside a caller's transaction nothing is committed yet: the gate's next check catches the file up.
     */
    advance(): void {
      if (file.file === null || db.inTransaction) return;
      try {
        advanceTx.immediate();
      } catch (error) {
        if (!couldNotWrite(error)) throw error;
      }
    },
  };
}
export type HeadAnchor = ReturnType<typeof createHeadAnchor>;
