import { canonicalJson, signObject, type KeyPairFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { checkRecordLink, usageRecordSchema, type PushReceipt, type UsageRecord } from '../ledger/index.ts';
import { addFlag } from './flags.ts';
import { MAX_REQUEST_SKEW_MS } from './protocol.ts';
import type { RegistryStore } from './store/index.ts';
import { insertUsageRows, usageRow, type UsageRow } from './usageRows.ts';

export interface PushResult {
  ackedThroughSeq: number;
  rejected: { id: string; reason: string }[];
  receipt: PushReceipt;
  /** Set when a record contradicts one already acked: the caller answers 409. */
  equivocation: { seq: number; id: string } | null;
}

/** A record whose clock looks wrong is kept and counted, only flagged for the auditor. */
function oddClock(record: UsageRecord, previousAt: string | null, now: Date, clockOffsetMs: number): boolean {
  const at = Date.parse(record.at);
  if (Math.abs(clockOffsetMs) > MAX_REQUEST_SKEW_MS) return true;
  if (at > now.getTime() + MAX_REQUEST_SKEW_MS) return true;
  return previousAt !== null && at < Date.parse(previousAt) - MAX_REQUEST_SKEW_MS;
}

function recordIdOf(raw: unknown): string {
  return typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '?';
}

/**
 * Appends a workstation's records in one transaction with its acked mark and chain head, and the log leaves:
 * only seq = acked + 1 with the matching prevHash, hash and signature; an identical resend is a no-op.
 */
export async function acceptUsage(
  store: RegistryStore,
  registryKey: KeyPairFile,
  input: { workstationId: string; records: readonly unknown[]; clockOffsetMs: number },
  now: () => Date,
): Promise<PushResult> {
  return store.write(async (tx) => {
    const ws = await tx.get<{ public_key_pem: string; acked_seq: number; head_hash: string }>('SELECT public_key_pem, acked_seq, head_hash FROM workstations WHERE id = ?', [
      input.workstationId,
    ]);
    if (!ws) throw new StudioError('WORKSTATION_UNKNOWN', `Workstation ${input.workstationId} is not enrolled`, { workstationId: input.workstationId });
    const at = now();
    let acked = ws.acked_seq;
    let head = ws.head_hash;
    const rejected: { id: string; reason: string }[] = [];
    let equivocation: PushResult['equivocation'] = null;
    const parsed: UsageRecord[] = [];
    for (const raw of input.records) {
      const result = usageRecordSchema.safeParse(raw);
      if (!result.success) rejected.push({ id: recordIdOf(raw), reason: 'schema' });
      else if (result.data.workstationId !== input.workstationId) rejected.push({ id: result.data.id, reason: 'workstation' });
      else parsed.push(result.data);
    }
    parsed.sort((a, b) => a.seq - b.seq);
    let previousAt = (await tx.get<{ at: string }>('SELECT at FROM usage_records WHERE workstation_id = ? AND seq = ?', [input.workstationId, acked]))?.at ?? null;
    let stopped = false;
    const rows: UsageRow[] = [];
    const pending = new Map<number, string>();
    let nextLeaf = Number((await tx.get<{ n: number }>('SELECT COALESCE(MAX(leaf_index) + 1, 0) AS n FROM tlog'))?.n ?? 0);
    for (const record of parsed) {
      if (stopped) {
        rejected.push({ id: record.id, reason: 'after-refused' });
        continue;
      }
      if (record.seq <= acked) {
        const stored =
          pending.get(record.seq) ?? (await tx.get<{ body: string }>('SELECT body FROM usage_records WHERE workstation_id = ? AND seq = ?', [input.workstationId, record.seq]))?.body;
        if (stored === canonicalJson(record)) continue;
        equivocation ??= { seq: record.seq, id: record.id };
        rejected.push({ id: record.id, reason: 'equivocation' });
        await addFlag(tx, { workstationId: input.workstationId, kind: 'equivocation', seq: record.seq, details: { id: record.id, hash: record.hash } }, at);
        continue;
      }
      if (record.seq > acked + 1) {
        rejected.push({ id: record.id, reason: 'gap' });
        await addFlag(tx, { workstationId: input.workstationId, kind: 'gap', seq: record.seq, details: { ackedSeq: acked, id: record.id } }, at);
        stopped = true;
        continue;
      }
      const problem = checkRecordLink(record, acked === 0 ? null : { seq: acked, hash: head }, ws.public_key_pem);
      if (problem) {
        rejected.push({ id: record.id, reason: problem });
        const kind = problem === 'prevHash' ? 'fork' : 'invalid-record';
        await addFlag(tx, { workstationId: input.workstationId, kind, seq: record.seq, details: { problem, id: record.id, expectedPrevHash: head } }, at);
        stopped = true;
        continue;
      }
      const row = usageRow(record, oddClock(record, previousAt, at, input.clockOffsetMs), at, nextLeaf++);
      rows.push(row);
      pending.set(record.seq, row.body);
      acked = record.seq;
      head = record.hash;
      previousAt = new Date(record.at).toISOString();
    }
    await insertUsageRows(tx, rows);
    await tx.run('UPDATE workstations SET acked_seq = ?, head_hash = ?, clock_offset_ms = ? WHERE id = ?', [acked, head, input.clockOffsetMs, input.workstationId]);
    const receipt = signObject(
      { workstationId: input.workstationId, ackedSeq: acked, headHash: head, serverTime: at.toISOString(), registryKeyId: registryKey.keyId },
      registryKey.privateKeyPem,
    );
    return { ackedThroughSeq: acked, rejected, receipt, equivocation };
  });
}
