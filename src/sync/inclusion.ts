import { StudioError } from '../errors/index.ts';
import type { PushReceipt, UsageRecord } from '../ledger/index.ts';
import { leafHash, verifyBatchInclusion } from '../registry/merkle.ts';

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks that every record of this push the receipt acknowledges sits in the registry's log, at the leaf the
 * signed receipt names, in the tree (size and root) it signs; `path` is the reply's proof of all of them. A
 * record the registry acks but leaves out of its log would be invisible to auditors: refused, nothing acked.
 */
export function checkReceiptInclusion(
  receipt: PushReceipt,
  sent: readonly UsageRecord[],
  ackedBefore: number,
  path: unknown,
): void {
  const acked = sent.filter((r) => r.seq > ackedBefore && r.seq <= receipt.ackedSeq);
  if (acked.length === 0) return;
  const refuse = (why: string, facts: Record<string, unknown> = {}): StudioError =>
    new StudioError(
      'SYNC_INCLUSION_FAILED',
      `Expected the registry to prove records ${acked[0]?.seq}…${receipt.ackedSeq} are in its log, but ${why}; ` +
        'they stay unacked: report this registry to its auditors',
      { ackedSeq: receipt.ackedSeq, treeSize: receipt.treeSize ?? null, ...facts },
    );
  const { treeSize, rootHash, leaves: runs } = receipt;
  if (treeSize === undefined || rootHash === undefined || runs === undefined)
    throw refuse('the receipt names no log position or checkpoint');
  if (!Array.isArray(path) || !path.every((p) => typeof p === 'string' && HEX64.test(p)))
    throw refuse('the reply carries no proof of hex hashes');
  const leafOf = new Map<number, number>();
  for (const run of runs) for (let i = 0; i < run.count; i++) leafOf.set(run.seq + i, run.leafIndex + i);
  const leaves = new Map<number, Buffer>();
  for (const record of acked) {
    const index = leafOf.get(record.seq);
    if (index === undefined) throw refuse(`the receipt gives seq ${record.seq} no leaf`, { seq: record.seq });
    if (leaves.has(index)) throw refuse(`the receipt puts two records on leaf ${index}`, { leafIndex: index });
    leaves.set(index, leafHash(Buffer.from(record.hash, 'hex')));
  }
  const proof = (path as string[]).map((p) => Buffer.from(p, 'hex'));
  if (!verifyBatchInclusion(leaves, treeSize, proof, Buffer.from(rootHash, 'hex')))
    throw refuse(`the proof does not lead to the signed root of its ${treeSize}-leaf tree`);
}
