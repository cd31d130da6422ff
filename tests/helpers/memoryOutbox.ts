import { randomUUID } from 'node:crypto';
import type { KeyPairFile } from '../../src/crypto/index.ts';
import {
  GENESIS_HASH,
  sealRecord,
  workstationIdOf,
  type LedgerOutbox,
  type PushReceipt,
  type UsageRecord,
} from '../../src/ledger/index.ts';

export interface MemoryOutbox extends LedgerOutbox {
  records: UsageRecord[];
  receipts: PushReceipt[];
  /** Appends a sealed render record (fee in minor units). */
  append(fields?: {
    id?: string;
    twinId?: string;
    licenceId?: string;
    fee?: number;
    currency?: string;
    at?: Date;
    kind?: UsageRecord['kind'];
  }): UsageRecord;
}

/** An in-memory ledger outbox, or one resumed from a saved state (a restarted client). */
export function createMemoryOutbox(
  key: KeyPairFile,
  from?: { records: UsageRecord[]; ackedSeq: number },
): MemoryOutbox {
  const workstationId = workstationIdOf(key.publicKeyPem);
  const records = from ? [...from.records] : [];
  let acked = from?.ackedSeq ?? 0;
  const receipts: PushReceipt[] = [];
  return {
    records,
    receipts,
    workstationId: () => workstationId,
    head: () => {
      const last = records.at(-1);
      return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    },
    ackedSeq: () => acked,
    recordsAfter: (seq, limit) => records.filter((r) => r.seq > seq).slice(0, limit),
    acknowledge(receipt) {
      if (receipt.ackedSeq <= acked) return;
      receipts.push(receipt);
      acked = receipt.ackedSeq;
    },
    append(fields = {}) {
      const last = records.at(-1);
      const record = sealRecord(
        {
          id: fields.id ?? randomUUID(),
          seq: (last?.seq ?? 0) + 1,
          at: (fields.at ?? new Date()).toISOString(),
          workstationId,
          user: 'tester',
          kind: fields.kind ?? 'render',
          twinId: fields.twinId ?? 'twin-ada',
          licenceId: fields.licenceId ?? 'lic-1',
          shotId: 'shot-1',
          ref: null,
          outputSha256: 'a'.repeat(64),
          use: { channel: 'web', territory: 'EU' },
          fee: { amount: fields.fee ?? 1250, currency: fields.currency ?? 'EUR' },
          prevHash: last?.hash ?? GENESIS_HASH,
        },
        key.privateKeyPem,
      );
      records.push(record);
      return record;
    },
  };
}
