import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, GENESIS_HASH, type LedgerOutbox, type PushReceipt } from '../../src/ledger/index.ts';
import { makeLedgerFixture, renderInput } from '../helpers/ledgerFixture.ts';
import { fixtureClock } from '../helpers/clock.ts';

describe('acknowledge: the acked mark moves only from a matching receipt', () => {
  let f: ReturnType<typeof makeLedgerFixture>;
  let outbox: LedgerOutbox;
  let n = 0;
  const receipt = (ackedSeq: number, overrides: Partial<PushReceipt> = {}): PushReceipt => ({
    workstationId: f.ledger.workstationId(),
    ackedSeq,
    headHash: overrides.headHash ?? (ackedSeq === 0 ? GENESIS_HASH : f.ledger.bySeq(ackedSeq)!.hash),
    serverTime: '2026-11-23T10:00:00Z',
    registryKeyId: 'reg-key-1',
    signature: `sig-${ackedSeq}-${++n}`,
    ...overrides,
  });
  const refused = (r: unknown) => {
    try {
      outbox.acknowledge(r as PushReceipt);
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return 'accepted';
  };

  beforeEach(() => {
    f = makeLedgerFixture();
    outbox = f.ledger;
    for (let i = 1; i <= 6; i++) f.ledger.append(renderInput(i));
  });
  afterEach(() => f.cleanup());

  it('moves the mark forward, keeps every receipt, and never moves it back', () => {
    expect(outbox.ackedSeq()).toBe(0);
    expect(outbox.recordsAfter(outbox.ackedSeq(), 100).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const r4 = receipt(4);
    outbox.acknowledge(r4);
    expect(outbox.ackedSeq()).toBe(4);
    expect(outbox.recordsAfter(outbox.ackedSeq(), 100).map((r) => r.seq)).toEqual([5, 6]);
    const late = receipt(2);
    outbox.acknowledge(late);
    expect(outbox.ackedSeq()).toBe(4);
    expect(f.ledger.lastReceipt()).toEqual(r4);
    outbox.acknowledge(r4);
    expect(f.ledger.receipts()).toEqual([r4, late]);
    const r6 = receipt(6);
    outbox.acknowledge(r6);
    expect(outbox.ackedSeq()).toBe(6);
    expect(f.ledger.receipts()).toEqual([r4, late, r6]);
    expect(f.ledger.verifyChain()).toMatchObject({ ok: true, count: 6 });
  });

  it('accepts an acknowledgement of nothing (seq 0, genesis hash)', () => {
    outbox.acknowledge(receipt(0));
    expect(outbox.ackedSeq()).toBe(0);
    expect(f.ledger.receipts()).toHaveLength(1);
  });

  it('refuses a receipt beyond our head, for another hash or another workstation, storing nothing', () => {
    outbox.acknowledge(receipt(2));
    expect(refused(receipt(7, { headHash: 'a'.repeat(64) }))).toBe('SYNC_RECEIPT_MISMATCH');
    expect(refused(receipt(5, { headHash: f.ledger.bySeq(4)!.hash }))).toBe('SYNC_RECEIPT_MISMATCH');
    expect(refused(receipt(0, { headHash: 'b'.repeat(64) }))).toBe('SYNC_RECEIPT_MISMATCH');
    expect(refused(receipt(3, { workstationId: 'ws-someoneElse0000' }))).toBe('SYNC_RECEIPT_MISMATCH');
    expect(refused({ ...receipt(3), ackedSeq: -1 })).toBe('SYNC_RECEIPT_INVALID');
    expect(refused({ ...receipt(3), extra: true })).toBe('SYNC_RECEIPT_INVALID');
    expect(outbox.ackedSeq()).toBe(2);
    expect(f.ledger.receipts()).toHaveLength(1);
  });

  it('keeps the mark and the receipts across a reopen', () => {
    const r5 = receipt(5);
    outbox.acknowledge(r5);
    const reopened = createLedger({ db: f.db, workstationKey: f.key, user: 'ana@studio.example', now: fixtureClock });
    expect(reopened.ackedSeq()).toBe(5);
    expect(reopened.lastReceipt()).toEqual(r5);
    expect(reopened.head()).toEqual(f.ledger.head());
    expect(reopened.workstationId()).toBe(f.ledger.workstationId());
  });
});
