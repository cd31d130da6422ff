import { z } from 'zod';
import { canonicalJson } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import type { Db } from '../storage/index.ts';
import { parseWith } from '../validation.ts';
import type { PushReceipt } from './outbox.ts';

export const pushReceiptSchema = z
  .object({
    workstationId: z.string().min(1),
    ackedSeq: z.number().int().nonnegative(),
    headHash: z.string().regex(/^[0-9a-f]{64}$/),
    serverTime: z.iso.datetime({ offset: true }),
    registryKeyId: z.string().min(1),
    treeSize: z.number().int().nonnegative().optional(),
    rootHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    leaves: z
      .array(
        z
          .object({
            seq: z.number().int().positive(),
            leafIndex: z.number().int().nonnegative(),
            count: z.number().int().positive(),
          })
          .strict(),
      )
      .optional(),
    signature: z.string().min(1),
  })
  .strict();

/**
 * Keeps every registry receipt and moves the acked mark from them. Checking the registry's signature is the
 * sync client's job (it holds the pinned registry key); this book checks that the receipt is about our chain.
 */
export function createReceiptBook(deps: {
  db: Db;
  workstationId: string;
  head: () => { seq: number };
  hashAt: (seq: number) => string | undefined;
  now: () => Date;
}) {
  const { db, workstationId } = deps;
  const statements = {
    acked: db.prepare('SELECT acked_seq, last_receipt FROM ledger_sync WHERE singleton = 1'),
    keep: db.prepare(
      'INSERT OR IGNORE INTO sync_receipts (signature, acked_seq, head_hash, body, received_at) VALUES (?, ?, ?, ?, ?)',
    ),
    move: db.prepare('UPDATE ledger_sync SET acked_seq = ?, acked_hash = ?, last_receipt = ? WHERE singleton = 1'),
    all: db.prepare('SELECT body FROM sync_receipts ORDER BY receipt_id'),
  };
  const mismatch = (message: string, receipt: PushReceipt, facts: Record<string, unknown> = {}) =>
    new StudioError('SYNC_RECEIPT_MISMATCH', message, {
      workstationId,
      ackedSeq: receipt.ackedSeq,
      headHash: receipt.headHash,
      ...facts,
    });

  const acknowledgeTx = db.transaction((receipt: PushReceipt): void => {
    if (receipt.workstationId !== workstationId)
      throw mismatch(
        `Expected a receipt for workstation ${workstationId} but it is for ${receipt.workstationId}`,
        receipt,
      );
    const head = deps.head().seq;
    if (receipt.ackedSeq > head)
      throw mismatch(
        `Expected a receipt acknowledging at most seq ${head} (our head) but it acknowledges seq ${receipt.ackedSeq}`,
        receipt,
        { head },
      );
    const ours = deps.hashAt(receipt.ackedSeq);
    if (ours !== receipt.headHash) {
      throw mismatch(
        `Expected the registry's hash at seq ${receipt.ackedSeq} to be ours (${ours ?? 'none'}) but it says ${receipt.headHash}: the chains have forked`,
        receipt,
        { ours },
      );
    }
    const body = canonicalJson(receipt);
    statements.keep.run(receipt.signature, receipt.ackedSeq, receipt.headHash, body, deps.now().toISOString());
    const current = (statements.acked.get() as { acked_seq: number }).acked_seq;
    // A late or replayed receipt is kept but never moves the mark back: what was acknowledged stays acknowledged.
    if (receipt.ackedSeq >= current) statements.move.run(receipt.ackedSeq, receipt.headHash, body);
  });

  return {
    /** Stores the receipt and moves the acked mark in one transaction; refuses a receipt about another chain. */
    acknowledge(receipt: PushReceipt): void {
      const parsed = parseWith(pushReceiptSchema, receipt, 'SYNC_RECEIPT_INVALID', 'The push receipt');
      acknowledgeTx.immediate(parsed);
    },
    lastReceipt(): PushReceipt | null {
      const body = (statements.acked.get() as { last_receipt: string | null }).last_receipt;
      return body === null ? null : (JSON.parse(body) as PushReceipt);
    },
    all: (): PushReceipt[] =>
      (statements.all.all() as { body: string }[]).map((r) => JSON.parse(r.body) as PushReceipt),
  };
}
