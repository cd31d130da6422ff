import { checkRecordLink, GENESIS_HASH, usageRecordSchema, type RecordProblem, type UsageRecord } from './record.ts';

export type ChainProblem = RecordProblem | 'missing' | 'body';

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
  publicKeyPem: string;
  workstationId: string;
  /** The head written with every append: catches records cut off the end, which the links alone cannot. */
  headMark: { seq: number; hash: string };
  /** What the registry acknowledged: those records can no longer change or vanish. */
  ackedMark: { seq: number; hash: string };
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
  return bad ? `column ${bad[0]} says ${JSON.stringify(bad[1])} but the signed record says ${JSON.stringify(bad[2])} (row edited)` : null;
}

function parseBody(body: string): UsageRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    return `the stored body is not JSON (${(cause as Error).message})`;
  }
  const parsed = usageRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : `the stored body is not a usage record (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`;
}

function linkMessage(problem: RecordProblem, record: UsageRecord, previous: { seq: number; hash: string } | null): string {
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
 * (head, acked) that point past the end or at a different record.
 */
export function verifyRows(rows: Iterable<LedgerRow>, marks: ChainMarks): ChainCheck {
  let previous: { seq: number; hash: string } | null = null;
  let count = 0;
  const bad = (firstBadSeq: number, problem: ChainProblem, message: string): ChainCheck => ({ ok: false, firstBadSeq, problem, message });
  for (const row of rows) {
    const expected = (previous?.seq ?? 0) + 1;
    if (row.seq > expected) return bad(expected, 'missing', `record is missing (deleted): the next stored record is seq ${row.seq}`);
    if (row.seq < expected) return bad(row.seq, 'seq', `a row is stored under seq ${row.seq} where ${expected} was expected (inserted)`);
    const record = parseBody(row.body);
    if (typeof record === 'string') return bad(row.seq, 'body', record);
    if (record.seq !== row.seq) return bad(row.seq, 'seq', `the row at seq ${row.seq} holds the signed record for seq ${record.seq} (reordered or renumbered)`);
    const problem = checkRecordLink(record, previous, marks.publicKeyPem);
    if (problem) return bad(row.seq, problem, linkMessage(problem, record, previous));
    if (record.workstationId !== marks.workstationId) return bad(row.seq, 'body', `record names workstation ${record.workstationId}, not this one (${marks.workstationId})`);
    const mismatch = columnMismatch(row, record);
    if (mismatch) return bad(row.seq, 'body', mismatch);
    for (const [mark, what] of [
      [marks.headMark, 'head'],
      [marks.ackedMark, 'registry-acknowledged'],
    ] as const) {
      if (mark.seq === row.seq && mark.hash !== record.hash) {
        return bad(row.seq, 'hash', `record differs from the ${what} hash ${short(mark.hash)} (replaced record)`);
      }
    }
    previous = { seq: record.seq, hash: record.hash };
    count++;
  }
  const last = previous?.seq ?? 0;
  for (const [mark, what] of [
    [marks.headMark, 'the ledger head'],
    [marks.ackedMark, 'the registry acknowledged'],
  ] as const) {
    if (mark.seq > last) return bad(last + 1, 'missing', `record is missing (deleted from the end): ${what} is seq ${mark.seq} but the last stored record is seq ${last}`);
  }
  return { ok: true, count, head: previous ?? { seq: 0, hash: GENESIS_HASH } };
}

/** The human line for `twin-studio ledger verify`; `--json` prints the ChainCheck itself. */
export function describeChainCheck(result: ChainCheck): string {
  if (!result.ok) return `ledger broken at seq ${result.firstBadSeq}: ${result.message}`;
  if (result.count === 0) return 'ledger ok: 0 records (empty)';
  return `ledger ok: ${result.count} record${result.count === 1 ? '' : 's'}, head seq ${result.head.seq} (hash ${short(result.head.hash)})`;
}
