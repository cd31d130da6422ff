import type { KeyObject } from 'node:crypto';
import { HEAD_FILE_NAME } from './headFile.ts';
import { checkRecordLink, GENESIS_HASH, usageRecordSchema, type RecordProblem, type UsageRecord } from './record.ts';

/**
 * What is wrong: a record's link, hash or signature; a missing record; a row or body that is not what was
 * signed; the append-only guards gone ('guard'); the verified-through mark not signed by this workstation ('mark');
 * the signed head file beside the database missing, edited or not this workstation's ('anchor').
 */
export type ChainProblem = RecordProblem | 'missing' | 'body' | 'guard' | 'mark' | 'anchor';

export type ChainCheck =
  | { ok: true; count: number; head: { seq: number; hash: string } }
  | { ok: false; firstBadSeq: number; problem: ChainProblem; message: string };

/** One stored row of `usage_records`, exactly as SQLite returns it. */
export interface LedgerRow {
  seq: number;
  id: string;
  body: string;
  hash: string;
  kind: string;
  licence_id: string;
  twin_id: string;
  output_sha256: string;
  ref: string | null;
  at: string;
}

export interface ChainMarks {
  /** The workstation's public key; pass it parsed (a KeyObject): a PEM string is parsed again for every record. */
  publicKey: KeyObject | string;
  workstationId: string;
  /** The head written with every append: catches records cut off the end, which the links alone cannot. */
  headMark: { seq: number; hash: string };
  /** What the registry acknowledged: those records can no longer change or vanish. */
  ackedMark: { seq: number; hash: string };
  /** The signed verified-through mark (verifiedMark.ts), when there is one: the record it names must be unchanged. */
  verifiedMark?: { seq: number; hash: string } | undefined;
  /** The head named by the signed head file outside the database (headFile.ts): records up to it must be there. */
  headFile?: { seq: number; hash: string } | undefined;
  /** The registry receipt kept in that file: what the registry acknowledged, even when the database forgot it. */
  fileReceipt?: { seq: number; hash: string } | undefined;
}

/** The names the walk's messages give the head file and its receipt. */
export const HEAD_FILE_ANCHOR = 'signed head file';
export const FILE_RECEIPT_ANCHOR = 'registry receipt in the head file';

export interface WalkOptions {
  /**
   * Walk from this record on (an incremental check): it was verified earlier and the first row given must still
   * be it (same seq, same hash); its own link to the record before is taken as verified. Default: from genesis.
   */
  from?: { seq: number; hash: string } | undefined;
  /** Called with each record once it has passed every check. */
  onRecord?: (record: UsageRecord) => void;
}

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

/** The columns kept beside the body for lookups; each must say what the signed body says. */
function columnMismatch(row: LedgerRow, record: UsageRecord): string | null {
  const pairs: [string, unknown, unknown][] = [
    ['id', row.id, record.id],
    ['hash', row.hash, record.hash],
    ['kind', row.kind, record.kind],
    ['licence_id', row.licence_id, record.licenceId],
    ['twin_id', row.twin_id, record.twinId],
    ['output_sha256', row.output_sha256, record.outputSha256],
    ['ref', row.ref, record.ref],
    ['at', row.at, record.at],
  ];
  const bad = pairs.find(([, column, signed]) => column !== signed);
  return bad
    ? `column ${bad[0]} says ${JSON.stringify(bad[1])} but the signed record says ${JSON.stringify(bad[2])} (row edited)`
    : null;
}

function parseBody(body: string): UsageRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    return `the stored body is not JSON (${(cause as Error).message})`;
  }
  const parsed = usageRecordSchema.safeParse(value);
  return parsed.success
    ? parsed.data
    : `the stored body is not a usage record (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`;
}

function linkMessage(
  problem: RecordProblem,
  record: UsageRecord,
  previous: { seq: number; hash: string } | null,
): string {
  switch (problem) {
    case 'hash':
      return `record was edited (hash mismatch): it claims ${short(record.hash)}`;
    case 'signature':
      return "signature does not verify with this workstation's key (forged or re-signed record)";
    case 'prevHash':
      return `record does not link to the one before it (prevHash ${short(record.prevHash)}, expected ${short(previous?.hash ?? GENESIS_HASH)}): inserted, removed or reordered`;
    case 'seq':
      return `record carries seq ${record.seq} where ${(previous?.seq ?? 0) + 1} was expected (reordered or renumbered)`;
  }
}

/**
 * Walks the rows in seq order and reports the first thing wrong: a gap, a body that does not parse, a record
 * stored under another seq, a broken link, hash or signature, columns that disagree with the body, or marks
 * (head, acked, verified-through) that point past the end or at a different record. `count` is the chain's
 * length (its last seq), also when the walk started at `options.from`.
 */
export function verifyRows(rows: Iterable<LedgerRow>, marks: ChainMarks, options: WalkOptions = {}): ChainCheck {
  const from = options.from && options.from.seq > 0 ? options.from : undefined;
  const start = from?.seq ?? 1;
  const anchors = [
    [marks.headMark, 'head', 'the ledger head'],
    [marks.ackedMark, 'registry-acknowledged', 'the registry acknowledged'],
    ...(marks.verifiedMark ? [[marks.verifiedMark, 'verified-through', 'the verified-through mark'] as const] : []),
    ...(marks.headFile
      ? [[marks.headFile, HEAD_FILE_ANCHOR, `the ${HEAD_FILE_ANCHOR} (${HEAD_FILE_NAME})`] as const]
      : []),
    ...(marks.fileReceipt ? [[marks.fileReceipt, FILE_RECEIPT_ANCHOR, `the ${FILE_RECEIPT_ANCHOR}`] as const] : []),
    ...(from ? [[from, 'verified-through', 'the verified-through mark'] as const] : []),
  ] as const;
  let previous: { seq: number; hash: string } | null = null;
  const bad = (firstBadSeq: number, problem: ChainProblem, message: string): ChainCheck => ({
    ok: false,
    firstBadSeq,
    problem,
    message,
  });
  for (const row of rows) {
    const expected = previous ? previous.seq + 1 : start;
    if (row.seq > expected)
      return bad(expected, 'missing', `record is missing (deleted): the next stored record is seq ${row.seq}`);
    if (row.seq < expected)
      return bad(row.seq, 'seq', `a row is stored under seq ${row.seq} where ${expected} was expected (inserted)`);
    const record = parseBody(row.body);
    if (typeof record === 'string') return bad(row.seq, 'body', record);
    if (record.seq !== row.seq)
      return bad(
        row.seq,
        'seq',
        `the row at seq ${row.seq} holds the signed record for seq ${record.seq} (reordered or renumbered)`,
      );
    // The first record of an incremental walk links to one verified earlier: its own prevHash stands for that one.
    const prior = previous ?? (from ? { seq: from.seq - 1, hash: record.prevHash } : null);
    const problem = checkRecordLink(record, prior, marks.publicKey);
    if (problem) return bad(row.seq, problem, linkMessage(problem, record, prior));
    if (record.workstationId !== marks.workstationId)
      return bad(
        row.seq,
        'body',
        `record names workstation ${record.workstationId}, not this one (${marks.workstationId})`,
      );
    const mismatch = columnMismatch(row, record);
    if (mismatch) return bad(row.seq, 'body', mismatch);
    for (const [mark, what] of anchors) {
      if (mark.seq === row.seq && mark.hash !== record.hash) {
        return bad(row.seq, 'hash', `record differs from the ${what} hash ${short(mark.hash)} (replaced record)`);
      }
    }
    options.onRecord?.(record);
    previous = { seq: record.seq, hash: record.hash };
  }
  const last = previous?.seq ?? start - 1;
  for (const [mark, , where] of anchors) {
    if (mark.seq > last) {
      const message = `record is missing (deleted from the end): ${where} is seq ${mark.seq}`;
      return bad(last + 1, 'missing', `${message} but the last stored record is seq ${last}`);
    }
  }
  return { ok: true, count: last, head: previous ?? { seq: 0, hash: GENESIS_HASH } };
}

/** The human line for `twin-studio ledger verify`; `--json` prints the ChainCheck itself. */
export function describeChainCheck(result: ChainCheck): string {
  if (!result.ok) {
    const at = result.firstBadSeq > 0 ? ` at seq ${result.firstBadSeq}` : '';
    return `ledger broken${at}: ${result.message}`;
  }
  if (result.count === 0) return 'ledger ok: 0 records (empty)';
  return `ledger ok: ${result.count} record${result.count === 1 ? '' : 's'}, head seq ${result.head.seq} (hash ${short(result.head.hash)})`;
}
