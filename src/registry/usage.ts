import { canonicalJson, parsePublicKey, signObject, type KeyPairFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import {
  checkRecordLink,
  usageRecordSchema,
  type LeafRun,
  type PushReceipt,
  type UsageRecord,
} from '../ledger/index.ts';
import { addFlag } from './flags.ts';
import { MAX_REQUEST_SKEW_MS } from './protocol.ts';
import { proofFee, type Licence } from '../licences/index.ts';
import type { RegistryStore, SqlRunner } from './store/index.ts';
import { insertUsageRows, usageRow, type UsageRow } from './usageRows.ts';
import { batchInclusionPathOf, consistencyPathOf } from './merkle.ts';
import { logSize, withStoredTree } from './treeNodes.ts';

export interface PushResult {
  ackedThroughSeq: number;
  rejected: { id: string; reason: string }[];
  receipt: PushReceipt;
  /** Proves the receipt's leaves in its tree (merkle.ts batchInclusionPathOf), hex. */
  inclusion: string[];
  /** Proves the receipt's tree extends the one of `since` leaves the client holds (RFC 6962), hex; absent without it. */
  consistency?: string[];
  /** Set when a record contradicts one already acked: the caller answers 409. */
  equivocation: { seq: number; id: string } | null;
  /** Set when a record re-uses a usage id this workstation already used: the caller answers 409. */
  idClash: { seq: number; id: string; existingSeq: number } | null;
}

/** What the registry charges for a record: from the licence it signed, never the fee the client states. */
function feeOf(record: UsageRecord, licence: Licence): { amount: number; currency: string } {
  if (record.kind === 'proof') return proofFee(licence);
  return { amount: record.kind === 'render' ? licence.fee.perImage : 0, currency: licence.fee.currency };
}

/** Why a record may not be counted against the licence it names, if it may not. */
function licenceProblem(record: UsageRecord, licence: Licence | undefined, orgId: string): string | null {
  if (!licence) return 'licence-unknown';
  if (licence.licensee.orgId !== orgId) return 'licence-other-org';
  if (licence.twinId !== record.twinId) return 'licence-other-twin';
  return null;
}

/** A record whose clock looks wrong is kept and counted, only flagged for the auditor. */
function oddClock(record: UsageRecord, previousAt: string | null, now: Date, clockOffsetMs: number): boolean {
  const at = Date.parse(record.at);
  if (Math.abs(clockOffsetMs) > MAX_REQUEST_SKEW_MS) return true;
  if (at > now.getTime() + MAX_REQUEST_SKEW_MS) return true;
  return previousAt !== null && at < Date.parse(previousAt) - MAX_REQUEST_SKEW_MS;
}

function recordIdOf(raw: unknown): string {
  return typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
    ? (raw as { id: string }).id
    : '?';
}

/**
 * Appends a workstation's records in one transaction with its acked mark and chain head, and the log leaves:
 * only seq = acked + 1 with the matching prevHash, hash and signature; an identical resend is a no-op.
 */
export async function acceptUsage(
  store: RegistryStore,
  registryKey: KeyPairFile,
  input: { workstationId: string; records: readonly unknown[]; clockOffsetMs: number; since?: number },
  now: () => Date,
): Promise<PushResult> {
  return store.write(async (tx) => {
    const ws = await tx.get<{ public_key_pem: string; acked_seq: number; head_hash: string; org_id: string }>(
      'SELECT public_key_pem, acked_seq, head_hash, org_id FROM workstations WHERE id = ?',
      [input.workstationId],
    );
    if (!ws)
      throw new StudioError('WORKSTATION_UNKNOWN', `Workstation ${input.workstationId} is not enrolled`, {
        workstationId: input.workstationId,
      });
    const at = now();
    // Parsed once per push: a PEM handed to checkRecordLink is parsed again for every record.
    const workstationKey = parsePublicKey(ws.public_key_pem);
    let acked = ws.acked_seq;
    let head = ws.head_hash;
    const rejected: { id: string; reason: string }[] = [];
    let equivocation: PushResult['equivocation'] = null;
    let idClash: PushResult['idClash'] = null;
    const parsed: UsageRecord[] = [];
    for (const raw of input.records) {
      const result = usageRecordSchema.safeParse(raw);
      if (!result.success) rejected.push({ id: recordIdOf(raw), reason: 'schema' });
      else if (result.data.workstationId !== input.workstationId)
        rejected.push({ id: result.data.id, reason: 'workstation' });
      else parsed.push(result.data);
    }
    parsed.sort((a, b) => a.seq - b.seq);
    const licences = await licencesNamed(tx, parsed);
    const usedIds = await idsAlreadyUsed(
      tx,
      input.workstationId,
      parsed.filter((r) => r.seq > ws.acked_seq),
    );
    const batchIds = new Map<string, number>();
    const equivocated = new Set<number>();
    let previousAt =
      (
        await tx.get<{ at: string }>('SELECT at FROM usage_records WHERE workstation_id = ? AND seq = ?', [
          input.workstationId,
          acked,
        ])
      )?.at ?? null;
    let stopped = false;
    const rows: UsageRow[] = [];
    const pending = new Map<number, string>();
    let nextLeaf = Number(
      (await tx.get<{ n: number }>('SELECT COALESCE(MAX(leaf_index) + 1, 0) AS n FROM tlog'))?.n ?? 0,
    );
    for (const record of parsed) {
      if (stopped) {
        rejected.push({ id: record.id, reason: 'after-refused' });
        continue;
      }
      if (record.seq <= acked) {
        const stored =
          pending.get(record.seq) ??
          (
            await tx.get<{ body: string }>('SELECT body FROM usage_records WHERE workstation_id = ? AND seq = ?', [
              input.workstationId,
              record.seq,
            ])
          )?.body;
        if (stored === canonicalJson(record)) continue;
        equivocation ??= { seq: record.seq, id: record.id };
        equivocated.add(record.seq);
        rejected.push({ id: record.id, reason: 'equivocation' });
        await addFlag(
          tx,
          {
            workstationId: input.workstationId,
            kind: 'equivocation',
            seq: record.seq,
            details: { id: record.id, hash: record.hash },
          },
          at,
        );
        continue;
      }
      if (record.seq > acked + 1) {
        rejected.push({ id: record.id, reason: 'gap' });
        await addFlag(
          tx,
          {
            workstationId: input.workstationId,
            kind: 'gap',
            seq: record.seq,
            details: { ackedSeq: acked, id: record.id },
          },
          at,
        );
        stopped = true;
        continue;
      }
      const problem = checkRecordLink(record, acked === 0 ? null : { seq: acked, hash: head }, workstationKey);
      if (problem) {
        rejected.push({ id: record.id, reason: problem });
        const kind = problem === 'prevHash' ? 'fork' : 'invalid-record';
        await addFlag(
          tx,
          {
            workstationId: input.workstationId,
            kind,
            seq: record.seq,
            details: { problem, id: record.id, expectedPrevHash: head },
          },
          at,
        );
        stopped = true;
        continue;
      }
      const clash = usedIds.get(record.id) ?? batchIds.get(record.id);
      if (clash !== undefined) {
        idClash = { seq: record.seq, id: record.id, existingSeq: clash };
        rejected.push({ id: record.id, reason: 'id-clash' });
        stopped = true;
        continue;
      }
      const licence = licences.get(record.licenceId);
      const refused = licenceProblem(record, licence, ws.org_id);
      if (refused || !licence) {
        rejected.push({ id: record.id, reason: refused ?? 'licence-unknown' });
        await addFlag(
          tx,
          {
            workstationId: input.workstationId,
            kind: 'foreign-licence',
            seq: record.seq,
            details: { id: record.id, licenceId: record.licenceId, problem: refused },
          },
          at,
        );
        stopped = true;
        continue;
      }
      const fee = feeOf(record, licence);
      if (fee.amount !== record.fee.amount || fee.currency !== record.fee.currency) {
        await addFlag(
          tx,
          {
            workstationId: input.workstationId,
            kind: 'fee-mismatch',
            seq: record.seq,
            details: { id: record.id, stated: record.fee, charged: fee },
          },
          at,
        );
      }
      batchIds.set(record.id, record.seq);
      const row = usageRow(record, oddClock(record, previousAt, at, input.clockOffsetMs), at, nextLeaf++, fee);
      rows.push(row);
      pending.set(record.seq, row.body);
      acked = record.seq;
      head = record.hash;
      previousAt = new Date(record.at).toISOString();
    }
    await insertUsageRows(tx, rows);
    await tx.run('UPDATE workstations SET acked_seq = ?, head_hash = ?, clock_offset_ms = ? WHERE id = ?', [
      acked,
      head,
      input.clockOffsetMs,
      input.workstationId,
    ]);
    const { leaves, treeSize, rootHash, inclusion, consistency } = await logPositions(
      tx,
      input.workstationId,
      parsed.filter((r) => r.seq <= acked && !equivocated.has(r.seq)),
      rows,
      input.since,
    );
    const receipt = signObject(
      {
        workstationId: input.workstationId,
        ackedSeq: acked,
        headHash: head,
        serverTime: at.toISOString(),
        registryKeyId: registryKey.keyId,
        treeSize,
        rootHash,
        leaves,
      },
      registryKey.privateKeyPem,
    );
    return {
      ackedThroughSeq: acked,
      rejected,
      receipt,
      inclusion,
      ...(consistency ? { consistency } : {}),
      equivocation,
      idClash,
    };
  });
}

/**
 * Where the pushed records that are now acked sit in the log (runs of consecutive seqs on consecutive leaves),
 * the tree they are in and the proof of all of them at once: the workstation checks it before it counts them acked.
 */
async function logPositions(
  tx: SqlRunner,
  workstationId: string,
  records: readonly UsageRecord[],
  rows: readonly UsageRow[],
  since: number | undefined,
): Promise<{ leaves: LeafRun[]; treeSize: number; rootHash: string; inclusion: string[]; consistency?: string[] }> {
  const leafOf = new Map(rows.map((r) => [r.recordId, r.leafIndex]));
  const resent = records.filter((r) => !leafOf.has(r.id)).map((r) => r.id);
  for (let i = 0; i < resent.length; i += 500) {
    const ids = resent.slice(i, i + 500);
    const found = await tx.all<{ record_id: string; leaf_index: number }>(
      `SELECT record_id, leaf_index FROM tlog WHERE workstation_id = ? AND record_id IN (${ids.map(() => '?').join(', ')})`,
      [workstationId, ...ids],
    );
    for (const f of found) leafOf.set(f.record_id, Number(f.leaf_index));
  }
  const leaves: LeafRun[] = [];
  for (const record of records) {
    const leafIndex = leafOf.get(record.id);
    if (leafIndex === undefined) continue;
    const last = leaves.at(-1);
    if (last && last.seq + last.count === record.seq && last.leafIndex + last.count === leafIndex) last.count++;
    else leaves.push({ seq: record.seq, leafIndex, count: 1 });
  }
  const indices = leaves.flatMap((run) => Array.from({ length: run.count }, (_, i) => run.leafIndex + i));
  const treeSize = await logSize(tx);
  // One walk of the stored tree for the root and both proofs: one more round trip per push would cost throughput.
  const consistent = since !== undefined && since <= treeSize;
  const { root, path, extension } = await withStoredTree(tx, (mth) => ({
    root: mth(0, treeSize),
    path: batchInclusionPathOf(
      treeSize,
      indices.filter((i) => i < treeSize),
      mth,
    ),
    extension: consistent ? consistencyPathOf(treeSize, since, mth) : null,
  }));
  const hex = (nodes: Buffer[]): string[] => nodes.map((p) => p.toString('hex'));
  return {
    leaves,
    treeSize,
    rootHash: root.toString('hex'),
    inclusion: hex(path),
    ...(extension ? { consistency: hex(extension) } : {}),
  };
}

/** The stored licences a batch names, in one query. */
async function licencesNamed(tx: SqlRunner, records: readonly UsageRecord[]): Promise<Map<string, Licence>> {
  const ids = [...new Set(records.map((r) => r.licenceId))];
  if (ids.length === 0) return new Map();
  const rows = await tx.all<{ licence_id: string; body: string }>(
    `SELECT licence_id, body FROM licences WHERE licence_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return new Map(rows.map((r) => [r.licence_id, JSON.parse(r.body) as Licence]));
}

/** Usage ids of this batch that this workstation already stored (id → its seq), in chunked queries. */
async function idsAlreadyUsed(
  tx: SqlRunner,
  workstationId: string,
  records: readonly UsageRecord[],
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let i = 0; i < records.length; i += 500) {
    const ids = records.slice(i, i + 500).map((r) => r.id);
    const rows = await tx.all<{ id: string; seq: number }>(
      `SELECT id, seq FROM usage_records WHERE workstation_id = ? AND id IN (${ids.map(() => '?').join(', ')})`,
      [workstationId, ...ids],
    );
    for (const r of rows) found.set(r.id, Number(r.seq));
  }
  return found;
}
