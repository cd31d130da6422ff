import type { KeyObject } from 'node:crypto';
import type { Db } from '../storage/index.ts';
import { HEAD_FILE_NAME, type StoredHead } from './headFile.ts';
import type { UsageRecord } from './record.ts';
import {
  addToTally,
  cloneTally,
  createVerifiedMarkBook,
  type StoredMark,
  type UnsignedVerifiedMark,
  type UsageTally,
} from './verifiedMark.ts';
import {
  FILE_RECEIPT_ANCHOR,
  HEAD_FILE_ANCHOR,
  verifyRows,
  type ChainCheck,
  type ChainProblem,
  type LedgerRow,
} from './verifyChain.ts';

type Mark = { seq: number; hash: string };
type Broken = Extract<ChainCheck, { ok: false }>;

/**
 * The policy gate's view of the ledger. `usage` is what the signed record bodies say each licence used; `mode`
 * says whether the check walked only the records after the verified-through mark or the whole chain, and
 * `verifiedNow` how many records it verified this time.
 */
export type IntegrityCheck =
  | (Extract<ChainCheck, { ok: true }> & { mode: 'incremental' | 'full'; verifiedNow: number; usage: UsageTally })
  | Broken;

export interface IntegrityDeps {
  db: Db;
  workstationId: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** The head mark written with every append, and the registry-acknowledged mark. */
  marks: () => { head: Mark; acked: Mark };
  /** Stored rows from `seq` on, in seq order. */
  rowsFrom: (seq: number) => Iterable<LedgerRow>;
  /** The stored hash column at `seq`. */
  hashAt: (seq: number) => string | undefined;
  /** The signed head file outside the database (headFile.ts), read afresh for every check. */
  headFile: () => StoredHead;
  /** The head when the ledger started keeping the file, for the message when it is gone. */
  headFileSince: () => number;
  /** Called when a check verified records beyond the file's head: an append committed inside a caller's transaction. */
  headFileLags: () => void;
}

const bad = (firstBadSeq: number, problem: ChainProblem, message: string): Broken => ({
  ok: false,
  firstBadSeq,
  problem,
  message,
});
const GUARDS_GONE =
  'the append-only triggers of usage_records (usage_records_no_update, usage_records_no_delete) were dropped or ' +
  'changed, so records could be edited in place';
const invalidMark = (stored: Extract<StoredMark, { state: 'invalid' }>): Broken =>
  bad(0, 'mark', `the verified-through mark (table ledger_verified) is not valid: ${stored.reason}`);

type Anchors = { headFile?: Mark; fileReceipt?: Mark };

/** The marks the head file holds, or why it cannot vouch for anything: gone, edited, or not this workstation's. */
function anchorsOf(stored: StoredHead, since: () => number): Anchors | Broken {
  switch (stored.state) {
    case 'none':
      return {};
    case 'missing':
      return bad(
        0,
        'anchor',
        `the signed head file ${HEAD_FILE_NAME} is missing beside the database (the ledger has kept one since seq ` +
          `${since()}); without it, records deleted from the end cannot be told from records never made`,
      );
    case 'invalid':
      return bad(0, 'anchor', `the signed head file ${HEAD_FILE_NAME} is not valid: ${stored.reason}`);
    case 'valid': {
      const { receipt } = stored;
      return {
        headFile: stored.head,
        fileReceipt: receipt ? { seq: receipt.ackedSeq, hash: receipt.headHash } : undefined,
      };
    }
  }
}
const isBroken = (value: Anchors | Broken): value is Broken => 'ok' in value;

/** SQLite refused the lock or the file: the mark is only a cache, so a check that cannot store it still stands. */
function couldNotStore(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_(BUSY|READONLY|LOCKED)/.test(code);
}

/**
 * Verification of the usage ledger: the full walk (`ledger verify`) and the incremental check the policy gate
 * runs before every render and export. The incremental check trusts records up to the signed verified-through mark
 * (verifiedMark.ts) while (1) the mark's signature verifies, (2) the record at the mark still has the mark's hash,
 * (3) the append-only triggers stand and SQLite's schema cookie is the one the mark recorded — an edit or a delete
 * of an older record needs the triggers dropped, which moves the cookie — and (4) the head and acknowledged marks
 * still point at their records. It then walks only the records after the mark. When (3) fails it walks the whole
 * chain; the mark is moved forward by appends (in their transaction) and by checks that verified new records.
 * Every mark above lives in the database; the signed head file beside it (headFile.ts) is read and its signature
 * checked on each check, and the records must reach its head and its registry receipt, with their hashes.
 */
export function createIntegrity(deps: IntegrityDeps) {
  const { db, workstationId, publicKey } = deps;
  const book = createVerifiedMarkBook({ db, workstationId, publicKey, privateKey: deps.privateKey });

  type Checked = { result: IntegrityCheck; next?: UnsignedVerifiedMark; seen?: string | undefined };
  const checkTx = db.transaction((headFile: StoredHead): Checked => {
    const stored = book.read();
    if (stored.state === 'invalid') return { result: invalidMark(stored) };
    const anchors = anchorsOf(headFile, deps.headFileSince);
    if (isBroken(anchors)) return { result: anchors };
    const mark = stored.state === 'valid' ? stored.mark : undefined;
    const schemaVersion = book.schemaVersion();
    const guards = book.guardsInPlace();
    const incremental = mark !== undefined && guards && mark.schemaVersion === schemaVersion;
    const from = incremental && mark.seq > 0 ? { seq: mark.seq, hash: mark.hash } : undefined;
    const usage: UsageTally = incremental ? cloneTally(mark.usage) : {};
    let verifiedNow = 0;
    const { head, acked } = deps.marks();
    const walk = verifyRows(
      deps.rowsFrom(from?.seq ?? 1),
      { publicKey, workstationId, headMark: head, ackedMark: acked, verifiedMark: mark, ...anchors },
      {
        from,
        onRecord: (record) => {
          if (record.seq === from?.seq) return;
          addToTally(usage, record);
          verifiedNow++;
        },
      },
    );
    if (!walk.ok) return { result: walk };
    for (const [m, what] of [
      [head, 'head'],
      [acked, 'registry-acknowledged'],
      [anchors.headFile, HEAD_FILE_ANCHOR],
      [anchors.fileReceipt, FILE_RECEIPT_ANCHOR],
    ] as const) {
      if (m && from && m.seq > 0 && m.seq < from.seq && deps.hashAt(m.seq) !== m.hash) {
        const message = `record differs from the ${what} hash ${m.hash.slice(0, 12)}… (replaced record)`;
        return { result: bad(m.seq, 'hash', message) };
      }
    }
    if (!guards) return { result: bad(0, 'guard', GUARDS_GONE) };
    const result: IntegrityCheck = { ...walk, mode: incremental ? 'incremental' : 'full', verifiedNow, usage };
    if (mark && mark.seq === walk.head.seq && mark.schemaVersion === schemaVersion) return { result };
    const next = { seq: walk.head.seq, hash: walk.head.hash, schemaVersion, usage: cloneTally(usage) };
    return { result, next, seen: stored.state === 'valid' ? stored.body : undefined };
  });

  /** Moves the mark to what a check verified, unless another process moved it meanwhile. */
  const storeTx = db.transaction((next: UnsignedVerifiedMark, seen: string | undefined) => {
    const now = book.read();
    if ((now.state === 'none' ? undefined : now.body) !== seen) return;
    book.write(next);
  });

  /** The full walk from genesis: every record, then the mark, the head file and the triggers. */
  const walkAll = db.transaction((headFile: StoredHead): ChainCheck => {
    const stored = book.read();
    const { head, acked } = deps.marks();
    const anchors = anchorsOf(headFile, deps.headFileSince);
    const verifiedMark = stored.state === 'valid' ? stored.mark : undefined;
    const fileMarks = isBroken(anchors) ? {} : anchors;
    const marks = { publicKey, workstationId, headMark: head, ackedMark: acked, verifiedMark, ...fileMarks };
    const walk = verifyRows(deps.rowsFrom(1), marks);
    if (!walk.ok) return walk;
    if (stored.state === 'invalid') return invalidMark(stored);
    if (isBroken(anchors)) return anchors;
    if (!book.guardsInPlace()) return bad(0, 'guard', GUARDS_GONE);
    return walk;
  });

  return {
    /** The incremental check (milliseconds at any ledger size once the mark is current). */
    check(): IntegrityCheck {
      // The file first, then the database: the file only ever names a committed head, so the snapshot read after
      // it holds that head even when another process appends meanwhile (read the other way round, it could lead).
      const headFile = deps.headFile();
      const { result, next, seen } = checkTx(headFile);
      if (result.ok && headFile.state === 'valid' && headFile.head.seq < result.head.seq) deps.headFileLags();
      if (next) {
        try {
          storeTx.immediate(next, seen);
        } catch (error) {
          if (!couldNotStore(error)) throw error;
        }
      }
      return result;
    },

    /** The full walk from genesis (the head file read before the database, as in check). */
    verifyAll: (): ChainCheck => walkAll(deps.headFile()),

    /**
     * Called inside an append's transaction with the record just sealed on top of `last`: when the mark covered
     * everything up to `last` (and still may be trusted), it moves to the new record, so checks stay incremental.
     */
    extend(last: Mark, record: UsageRecord): void {
      const stored = book.read();
      const covered =
        stored.state === 'valid'
          ? stored.mark.seq === last.seq && stored.mark.hash === last.hash
          : stored.state === 'none' && last.seq === 0;
      if (!covered) return;
      const schemaVersion = book.schemaVersion();
      if (!book.guardsInPlace() || (stored.state === 'valid' && stored.mark.schemaVersion !== schemaVersion)) return;
      const usage = stored.state === 'valid' ? cloneTally(stored.mark.usage) : {};
      addToTally(usage, record);
      book.write({ seq: record.seq, hash: record.hash, schemaVersion, usage });
    },
  };
}
export type Integrity = ReturnType<typeof createIntegrity>;
