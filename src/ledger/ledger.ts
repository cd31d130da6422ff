import type { Clock } from '../clock/index.ts';
import { z } from 'zod';
import { canonicalJson, parsePrivateKey, parsePublicKey, type KeyPairFile } from '../crypto/index.ts';
import { BugError, StudioError } from '../errors/index.ts';
import { uuidv7 } from '../ids/uuidv7.ts';
import { migrate, type Db } from '../storage/index.ts';
import { parseWith } from '../validation.ts';
import { createHeadAnchor, defaultHeadFilePath, writeFirstHeadFile } from './headAnchor.ts';
import { createHeadFile } from './headFile.ts';
import { createIntegrity, type IntegrityCheck } from './integrity.ts';
import { LEDGER_MIGRATIONS } from './migrations.ts';
import type { LedgerOutbox, PushReceipt } from './outbox.ts';
import { createReceiptBook } from './receipts.ts';
import {
  GENESIS_HASH,
  isImageKind,
  sealRecord,
  usageRecordSchema,
  type UsageKind,
  type UsageRecord,
} from './record.ts';
import { addToTally, type LicenceUsage, type UsageTally } from './verifiedMark.ts';
import type { ChainCheck, LedgerRow } from './verifyChain.ts';
import { workstationIdOf } from './workstationId.ts';

/** What a caller says about a usage event; the ledger adds id (unless reserved), seq, at, user, chain and signature. */
export const appendInputSchema = usageRecordSchema
  .pick({
    kind: true,
    twinId: true,
    licenceId: true,
    shotId: true,
    ref: true,
    outputSha256: true,
    use: true,
    fee: true,
  })
  // `user`: who made this event when it is not the signed-in user (a reviewer named in Settings).
  .extend({ id: z.uuid().optional(), user: usageRecordSchema.shape.user.optional() })
  .strict();
export type AppendInput = z.input<typeof appendInputSchema>;

export interface ListQuery {
  kind?: UsageKind;
  licenceId?: string;
  afterSeq?: number;
  limit?: number;
}

export interface LedgerDeps {
  db: Db;
  workstationKey: KeyPairFile;
  /** Who is signed in on this workstation; goes into every record. */
  user: string;
  now: Clock;
  /**
   * The signed head file that anchors the ledger outside its database (headFile.ts). Default: `ledger.head.json`
   * beside the database file; none for a database in memory.
   */
  headFile?: string | null;
}

/** The usage id's short form: its last 48 bits (12 hex digits), the random part of a UUIDv7. */
export function shortUsageId(id: string): string {
  return id.slice(-12).toLowerCase();
}

const LIST_LIMIT_DEFAULT = 1000;
const ROW_COLUMNS = 'seq, id, body, hash, kind, licence_id, twin_id, output_sha256, ref, at';

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function rowToRecord(row: LedgerRow): UsageRecord {
  try {
    return usageRecordSchema.parse(JSON.parse(row.body));
  } catch (cause) {
    throw new StudioError(
      'LEDGER_CORRUPT',
      `The usage record at seq ${row.seq} does not parse: ${(cause as Error).message}; run 'twin-studio ledger verify'`,
      { seq: row.seq },
      { cause },
    );
  }
}

/**
 * The workstation's usage ledger: append-only, hash-chained, every record signed by the workstation key, with
 * a gap-free seq. It is also the sync client's outbox and the policy gate's usage counter.
 */
export function createLedger(deps: LedgerDeps) {
  const { db, workstationKey } = deps;
  const { now } = deps;
  const user = parseWith(usageRecordSchema.shape.user, deps.user, 'LEDGER_INPUT_INVALID', 'The ledger user');
  const workstationId = workstationIdOf(workstationKey.publicKeyPem);
  const publicKey = parsePublicKey(workstationKey.publicKeyPem);
  const privateKey = parsePrivateKey(workstationKey.privateKeyPem);
  const headFile = createHeadFile({
    file: deps.headFile === undefined ? defaultHeadFilePath(db) : deps.headFile,
    workstationId,
    publicKey,
    privateKey,
  });
  writeFirstHeadFile(db, headFile, LEDGER_MIGRATIONS.length);
  migrate(db, 'ledger', LEDGER_MIGRATIONS);

  const statements = {
    last: db.prepare(`SELECT ${ROW_COLUMNS} FROM usage_records ORDER BY seq DESC LIMIT 1`),
    byId: db.prepare(`SELECT ${ROW_COLUMNS} FROM usage_records WHERE id = ?`),
    bySeq: db.prepare(`SELECT ${ROW_COLUMNS} FROM usage_records WHERE seq = ?`),
    byShort: db.prepare(`SELECT ${ROW_COLUMNS} FROM usage_records WHERE substr(id, 25) = ? ORDER BY seq`),
    shortTaken: db.prepare(
      'SELECT 1 FROM usage_records WHERE substr(id, 25) = @short UNION ALL SELECT 1 FROM usage_reservations WHERE substr(id, 25) = @short LIMIT 1',
    ),
    byOutput: db.prepare(`SELECT ${ROW_COLUMNS} FROM usage_records WHERE output_sha256 = ? ORDER BY seq`),
    after: db.prepare(`SELECT ${ROW_COLUMNS} FROM usage_records WHERE seq > ? ORDER BY seq LIMIT ?`),
    from: db.prepare(`SELECT ${ROW_COLUMNS} FROM usage_records WHERE seq >= ? ORDER BY seq`),
    bodies: db.prepare('SELECT body FROM usage_records ORDER BY seq').pluck(),
    insert: db.prepare(
      `INSERT INTO usage_records (seq, id, body, hash, kind, licence_id, twin_id, output_sha256, ref, at)
       VALUES (@seq, @id, @body, @hash, @kind, @licenceId, @twinId, @outputSha256, @ref, @at)`,
    ),
    marks: db.prepare('SELECT head_seq, head_hash, acked_seq, acked_hash FROM ledger_sync WHERE singleton = 1'),
    moveHead: db.prepare('UPDATE ledger_sync SET head_seq = ?, head_hash = ? WHERE singleton = 1'),
    reserve: db.prepare('INSERT INTO usage_reservations (id, reserved_at) VALUES (?, ?)'),
    unreserve: db.prepare('DELETE FROM usage_reservations WHERE id = ?'),
    reservations: db.prepare('SELECT id FROM usage_reservations ORDER BY reserved_at, id'),
    proofsBetween: db
      .prepare("SELECT COUNT(*) FROM usage_records WHERE licence_id = ? AND kind = 'proof' AND at >= ? AND at < ?")
      .pluck(),
  };

  const row = (statement: { get(...params: unknown[]): unknown }, ...params: unknown[]) =>
    statement.get(...params) as LedgerRow | undefined;
  const marks = () => {
    const m = statements.marks.get() as { head_seq: number; head_hash: string; acked_seq: number; acked_hash: string };
    return { head: { seq: m.head_seq, hash: m.head_hash }, acked: { seq: m.acked_seq, hash: m.acked_hash } };
  };

  function head(): { seq: number; hash: string } {
    const last = row(statements.last);
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** The hash of the record at `seq` (the genesis hash for 0), or undefined when there is none. */
  function hashAt(seq: number): string | undefined {
    if (seq === 0) return GENESIS_HASH;
    return row(statements.bySeq, seq)?.hash;
  }

  const receipts = createReceiptBook({ db, workstationId, head, hashAt, now });
  const anchor = createHeadAnchor({ db, file: headFile, head, hashAt, lastReceipt: receipts.lastReceipt });
  const integrity = createIntegrity({
    db,
    workstationId,
    publicKey,
    privateKey,
    marks: () => marks(),
    rowsFrom: (seq) => statements.from.iterate(seq) as Iterable<LedgerRow>,
    hashAt: (seq) => row(statements.bySeq, seq)?.hash,
    headFile: headFile.read,
    headFileSince: anchor.since,
    headFileLags: anchor.advance,
  });
  // Catches the file up with a commit whose file write a crash cut off (it never moves back or onto another chain).
  anchor.advance();

  /**
   * A licence's usage from the signed bodies: the verified tally, or on a ledger that fails verification (which
   * the gate refuses anyway) a count over every body that still parses, for display.
   */
  function usageOf(licenceId: string): LicenceUsage {
    const check = integrity.check();
    if (check.ok) return check.usage[licenceId] ?? { images: 0, fees: {} };
    const tally: UsageTally = {};
    for (const body of statements.bodies.iterate() as Iterable<string>) {
      const parsed = usageRecordSchema.safeParse(parseJsonOrNull(body));
      if (parsed.success && parsed.data.licenceId === licenceId) addToTally(tally, parsed.data);
    }
    return tally[licenceId] ?? { images: 0, fees: {} };
  }

  const reserveTx = db.transaction((): string => {
    const at = now();
    for (let attempt = 0; attempt < 8; attempt++) {
      const id = uuidv7(at.getTime());
      if (statements.shortTaken.get({ short: shortUsageId(id) })) continue;
      statements.reserve.run(id, at.toISOString());
      return id;
    }
    throw new BugError('Eight fresh 48-bit usage short ids in a row were already taken; the random source is broken');
  });

  const appendTx = db.transaction((input: z.output<typeof appendInputSchema>): UsageRecord => {
    const at = now();
    const id = input.id ?? uuidv7(at.getTime());
    if (row(statements.byId, id))
      throw new StudioError('LEDGER_DUPLICATE_ID', `Expected a new usage id but ${id} is already recorded`, { id });
    const last = head();
    const mark = marks().head;
    if (mark.seq !== last.seq || mark.hash !== last.hash) {
      throw new StudioError(
        'LEDGER_TAMPERED',
        `Expected the last record to be the ledger head seq ${mark.seq}, but it is seq ${last.seq}; refusing to append. Run 'twin-studio ledger verify'`,
        { headMark: mark, last },
      );
    }
    anchor.assertReached(last);
    const { id: _reserved, user: by, ...fields } = input;
    const record = sealRecord(
      {
        id,
        seq: last.seq + 1,
        at: at.toISOString(),
        workstationId,
        user: by ?? user,
        ...fields,
        prevHash: last.hash,
      },
      workstationKey.privateKeyPem,
    );
    statements.insert.run({ ...record, body: canonicalJson(record) });
    statements.moveHead.run(record.seq, record.hash);
    integrity.extend(last, record);
    statements.unreserve.run(id);
    return record;
  });

  return {
    workstationId: (): string => workstationId,

    /**
     * A usage id for a render to carry (its short form in the watermark) before the record exists; pass it to
     * append as `id`. Its short form is unique among this workstation's records and reservations.
     */
    reserveId: (): string => reserveTx.immediate(),

    /** Ids reserved but never recorded: renders that were abandoned or crashed before their output was committed. */
    openReservations: (): string[] => (statements.reservations.all() as { id: string }[]).map((r) => r.id),

    /** Gives a reserved id back (its render was abandoned, refused or crashed); a recorded id is not reserved. */
    releaseId: (id: string): void => {
      statements.unreserve.run(id);
    },

    /** Appends one signed record under the next seq, in one BEGIN IMMEDIATE transaction (safe across processes). */
    append(input: AppendInput): UsageRecord {
      const data = parseWith(appendInputSchema, input, 'LEDGER_INPUT_INVALID', 'The usage record input');
      if (isImageKind(data.kind) !== (data.ref === null)) {
        throw new StudioError(
          'LEDGER_INPUT_INVALID',
          isImageKind(data.kind)
            ? `Expected no ref on a ${data.kind} record but got ${data.ref}`
            : `Expected a ${data.kind} record to name the render it is about (ref) but got null`,
          { kind: data.kind, ref: data.ref },
        );
      }
      const record = appendTx.immediate(data);
      anchor.advance();
      return record;
    },

    get: (id: string): UsageRecord | undefined => {
      const r = row(statements.byId, id);
      return r && rowToRecord(r);
    },
    bySeq: (seq: number): UsageRecord | undefined => {
      const r = row(statements.bySeq, seq);
      return r && rowToRecord(r);
    },
    /** Records whose usage id has this short form (12 hex digits, dashes and case ignored), as a watermark gives it. */
    byShortId(short: string): UsageRecord[] {
      const normalized = short.replaceAll('-', '').toLowerCase();
      if (!/^[0-9a-f]{12}$/.test(normalized))
        throw new StudioError('LEDGER_INPUT_INVALID', `Expected a usage short id of 12 hex digits but got "${short}"`, {
          short,
        });
      return (statements.byShort.all(normalized) as LedgerRow[]).map(rowToRecord);
    },
    /** Every record about an output file, found by the file's SHA-256 (render, then review and export records). */
    byOutputSha256: (sha256: string): UsageRecord[] =>
      (statements.byOutput.all(sha256) as LedgerRow[]).map(rowToRecord),

    list(query: ListQuery = {}): UsageRecord[] {
      const where = ['seq > @afterSeq'];
      if (query.kind) where.push('kind = @kind');
      if (query.licenceId) where.push('licence_id = @licenceId');
      const sql = `SELECT ${ROW_COLUMNS} FROM usage_records WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`;
      const rows = db.prepare(sql).all({
        afterSeq: query.afterSeq ?? 0,
        kind: query.kind,
        licenceId: query.licenceId,
        limit: query.limit ?? LIST_LIMIT_DEFAULT,
      }) as LedgerRow[];
      return rows.map(rowToRecord);
    },

    head,

    /** Renders recorded against a licence, synced or not, read from the signed records (the gate's quota count). */
    imagesUsed: (licenceId: string): number => usageOf(licenceId).images,
    /**
     * Proofs recorded against a licence on the UTC day of `day` (the proof terms' per-day count). `at` is always
     * written by toISOString, so the day's bounds compare as text.
     */
    proofsOn(licenceId: string, day: Date): number {
      const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
      const end = new Date(start.getTime() + 86_400_000);
      return statements.proofsBetween.get(licenceId, start.toISOString(), end.toISOString()) as number;
    },
    /** Images and fees per currency recorded against a licence, synced or not, read from the signed records. */
    usageOf,
    /**
     * The policy gate's check: verifies only the records after the signed verified-through mark (see integrity.ts),
     * so it costs milliseconds at any ledger size; the whole chain when the mark cannot be trusted to cover them.
     */
    checkIntegrity: (): IntegrityCheck => integrity.check(),

    ackedSeq: (): number => marks().acked.seq,
    recordsAfter: (seq: number, limit: number): UsageRecord[] =>
      (statements.after.all(seq, limit) as LedgerRow[]).map(rowToRecord),
    /** Stores a registry receipt and moves the acked mark; the head file then carries the receipt too. */
    acknowledge(receipt: PushReceipt): void {
      receipts.acknowledge(receipt);
      anchor.advance();
    },
    lastReceipt: receipts.lastReceipt,
    /** The receipt the signed head file carries (outside the database), null when the file holds none or fails. */
    headFileReceipt: (): PushReceipt | null => {
      const stored = headFile.read();
      return stored.state === 'valid' ? stored.receipt : null;
    },
    receipts: receipts.all,

    /** Walks the whole chain (`ledger verify`); see verifyRows for what it catches, plus the mark and the triggers. */
    verifyChain: (): ChainCheck => integrity.verifyAll(),
  } satisfies LedgerOutbox & Record<string, unknown>;
}
export type Ledger = ReturnType<typeof createLedger>;
