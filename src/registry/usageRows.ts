import { canonicalJson } from '../crypto/index.ts';
import type { UsageRecord } from '../ledger/index.ts';
import { leafHash } from './merkle.ts';
import type { SqlRunner, SqlValue } from './store/index.ts';
import { appendTreeNodes } from './treeNodes.ts';

export interface UsageRow {
  values: SqlValue[];
  body: string;
  leafIndex: number;
  leafHash: string;
  recordId: string;
  workstationId: string;
}

export const USAGE_COLUMNS =
  'workstation_id, seq, id, body, hash, at, kind, twin_id, licence_id, fee_amount, fee_currency, odd_clock, received_at';
const CHUNK = 500;

/** A verified record as its stored row, with its log leaf (position given by the caller's sequencer). */
export function usageRow(
  record: UsageRecord,
  oddClock: boolean,
  receivedAt: Date,
  leafIndex: number,
  fee: { amount: number; currency: string } = record.fee,
): UsageRow {
  const body = canonicalJson(record);
  return {
    values: [
      record.workstationId,
      record.seq,
      record.id,
      body,
      record.hash,
      new Date(record.at).toISOString(),
      record.kind,
      record.twinId,
      record.licenceId,
      fee.amount,
      fee.currency,
      oddClock ? 1 : 0,
      receivedAt.toISOString(),
    ],
    body,
    leafIndex,
    leafHash: leafHash(Buffer.from(record.hash, 'hex')).toString('hex'),
    recordId: record.id,
    workstationId: record.workstationId,
  };
}

const placeholders = (rows: number, columns: number): string =>
  Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(', ')})`).join(', ');

/** Multi-row INSERTs (one round trip per chunk on PostgreSQL), the same SQL text for both dialects. */
export async function insertUsageRows(tx: SqlRunner, rows: readonly UsageRow[], withLog = true): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await tx.run(
      `INSERT INTO usage_records (${USAGE_COLUMNS}) VALUES ${placeholders(chunk.length, 13)}`,
      chunk.flatMap((r) => r.values),
    );
    if (withLog) {
      const leaves = chunk.flatMap((r) => [r.leafIndex, r.leafHash, r.workstationId, r.recordId]);
      await tx.run(
        `INSERT INTO tlog (leaf_index, leaf_hash, workstation_id, record_id) VALUES ${placeholders(chunk.length, 4)}`,
        leaves,
      );
    }
  }
  const first = rows[0];
  if (withLog && first)
    await appendTreeNodes(
      tx,
      first.leafIndex,
      rows.map((r) => Buffer.from(r.leafHash, 'hex')),
    );
}
