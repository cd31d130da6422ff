import type { UsageRecord } from './record.ts';

/** What the registry signs in every push reply; the workstation keeps each one. */
export interface PushReceipt {
  workstationId: string;
  ackedSeq: number;
  headHash: string;
  serverTime: string;
  registryKeyId: string;
  /** The registry's log after the push (a checkpoint): its size and root. */
  treeSize?: number;
  rootHash?: string;
  /** Where the pushed records that are acked sit in the log: seqs seq… on leaves leafIndex…, `count` of them. */
  leaves?: LeafRun[];
  signature: string;
}

export interface LeafRun {
  seq: number;
  leafIndex: number;
  count: number;
}

/**
 * The ledger seen as an outbox by the sync client. The acked mark moves only from a registry receipt,
 * stored in the same transaction as the mark.
 */
export interface LedgerOutbox {
  workstationId(): string;
  head(): { seq: number; hash: string };
  ackedSeq(): number;
  recordsAfter(seq: number, limit: number): UsageRecord[];
  acknowledge(receipt: PushReceipt): void;
}
