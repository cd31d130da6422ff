import { afterEach, describe, expect, it, vi } from 'vitest';
import * as uuidModule from '../../src/ids/uuidv7.ts';
import { verifyObject } from '../../src/crypto/index.ts';
import { StudioError } from '../../src/errors/index.ts';
import {
  createLedger,
  GENESIS_HASH,
  recordHash,
  shortUsageId,
  usageRecordSchema,
  workstationIdOf,
} from '../../src/ledger/index.ts';
import type { UsageCounter } from '../../src/workspace/index.ts';
import { makeLedgerFixture, renderInput } from '../helpers/ledgerFixture.ts';
import { fixtureClock } from '../helpers/clock.ts';

const fixtures: ReturnType<typeof makeLedgerFixture>[] = [];
const fixture = () => {
  const f = makeLedgerFixture();
  fixtures.push(f);
  return f;
};
afterEach(() => {
  for (const f of fixtures.splice(0)) f.cleanup();
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof StudioError ? error.code : `not a StudioError: ${String(error)}`;
  }
  return undefined;
}

describe('createLedger', () => {
  it('appends signed, hash-chained records and the chain verifies', () => {
    const { ledger, key } = fixture();
    expect(ledger.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    expect(ledger.verifyChain()).toEqual({ ok: true, count: 0, head: { seq: 0, hash: GENESIS_HASH } });

    const first = ledger.append(renderInput(1));
    const second = ledger.append(renderInput(2));
    expect(usageRecordSchema.parse(first)).toEqual(first);
    expect(first).toMatchObject({
      seq: 1,
      prevHash: GENESIS_HASH,
      workstationId: workstationIdOf(key.publicKeyPem),
      user: 'ana@studio.example',
      at: '2026-11-23T09:00:01.000Z',
    });
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(recordHash(second)).toBe(second.hash);
    expect(verifyObject(second, key.publicKeyPem)).toBe(true);
    expect(ledger.head()).toEqual({ seq: 2, hash: second.hash });
    expect(ledger.get(first.id)).toEqual(first);
    expect(ledger.bySeq(2)).toEqual(second);
    expect(ledger.get('0190a000-0000-7000-8000-000000000000')).toBeUndefined();
    expect(ledger.verifyChain()).toEqual({ ok: true, count: 2, head: { seq: 2, hash: second.hash } });
  });

  it('keeps seq gap-free over many appends, failed appends and two connections on the same file', () => {
    const f = fixture();
    const other = makeLedgerFixture({ key: f.key, dir: f.dir });
    try {
      const used = f.ledger.append(renderInput(0));
      for (let i = 1; i <= 300; i++) {
        const ledger = i % 3 === 0 ? other.ledger : f.ledger;
        ledger.append(renderInput(i));
        if (i % 50 === 0) {
          expect(codeOf(() => ledger.append(renderInput(i, { id: used.id })))).toBe('LEDGER_DUPLICATE_ID');
          expect(codeOf(() => ledger.append(renderInput(i, { outputSha256: 'nope' })))).toBe('LEDGER_INPUT_INVALID');
        }
      }
      const seqs = (f.db.prepare('SELECT seq FROM usage_records ORDER BY seq').all() as { seq: number }[]).map(
        (r) => r.seq,
      );
      expect(seqs).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
      expect(f.ledger.verifyChain()).toMatchObject({ ok: true, count: 301, head: { seq: 301 } });
      expect(other.ledger.head()).toEqual(f.ledger.head());
    } finally {
      other.db.close();
    }
  });

  it('counts render records per licence for the policy gate, synced or not', () => {
    const { ledger } = fixture();
    const counter: UsageCounter = ledger;
    const r1 = ledger.append(renderInput(1));
    ledger.append(renderInput(2));
    ledger.append(renderInput(3, { licenceId: 'lic_0002' }));
    ledger.append(renderInput(4, { kind: 'review.approved', ref: r1.id, fee: { amount: 0, currency: 'EUR' } }));
    ledger.append(renderInput(5, { kind: 'export', ref: r1.id }));
    expect(counter.imagesUsed('lic_0001')).toBe(2);
    expect(counter.imagesUsed('lic_0002')).toBe(1);
    expect(counter.imagesUsed('lic_none')).toBe(0);
    ledger.acknowledge({
      workstationId: ledger.workstationId(),
      ackedSeq: 5,
      headHash: ledger.head().hash,
      serverTime: '2026-11-23T10:00:00Z',
      registryKeyId: 'reg',
      signature: 'sig-a',
    });
    ledger.append(renderInput(6));
    expect(counter.imagesUsed('lic_0001')).toBe(3);
  });

  it('lists by kind, licence and position, and finds records by output hash', () => {
    const { ledger } = fixture();
    const r1 = ledger.append(renderInput(1));
    ledger.append(renderInput(2, { licenceId: 'lic_0002' }));
    const exp = ledger.append(renderInput(1, { kind: 'export', ref: r1.id }));
    expect(ledger.list().map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(ledger.list({ kind: 'render' }).map((r) => r.seq)).toEqual([1, 2]);
    expect(ledger.list({ licenceId: 'lic_0002' }).map((r) => r.seq)).toEqual([2]);
    expect(ledger.list({ afterSeq: 1, limit: 1 }).map((r) => r.seq)).toEqual([2]);
    expect(ledger.recordsAfter(1, 10).map((r) => r.seq)).toEqual([2, 3]);
    expect(ledger.byOutputSha256(r1.outputSha256)).toEqual([r1, exp]);
  });

  it('records under a reserved id and tracks reservations never recorded', () => {
    const { ledger } = fixture();
    const reserved = ledger.reserveId();
    const abandoned = ledger.reserveId();
    expect(reserved).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ledger.openReservations().sort()).toEqual([reserved, abandoned].sort());
    const record = ledger.append(renderInput(1, { id: reserved }));
    expect(record.id).toBe(reserved);
    expect(ledger.openReservations()).toEqual([abandoned]);
  });

  it('refuses a render with a ref, or a review or export without one', () => {
    const { ledger } = fixture();
    const r1 = ledger.append(renderInput(1));
    expect(codeOf(() => ledger.append(renderInput(2, { ref: r1.id })))).toBe('LEDGER_INPUT_INVALID');
    expect(codeOf(() => ledger.append(renderInput(2, { kind: 'export' })))).toBe('LEDGER_INPUT_INVALID');
    expect(
      codeOf(() => createLedger({ db: fixture().db, workstationKey: fixture().key, user: '', now: fixtureClock })),
    ).toBe('LEDGER_INPUT_INVALID');
    expect(ledger.head().seq).toBe(1);
  });

  it('refuses UPDATE and DELETE on usage_records through its triggers', () => {
    const { ledger, db } = fixture();
    const r1 = ledger.append(renderInput(1));
    expect(() => db.prepare("UPDATE usage_records SET kind = 'export' WHERE seq = 1").run()).toThrow(
      /append-only: UPDATE refused/,
    );
    expect(() => db.prepare('DELETE FROM usage_records WHERE seq = 1').run()).toThrow(/append-only: DELETE refused/);
    ledger.acknowledge({
      workstationId: ledger.workstationId(),
      ackedSeq: 1,
      headHash: r1.hash,
      serverTime: '2026-11-23T10:00:00Z',
      registryKeyId: 'reg',
      signature: 'sig-a',
    });
    expect(() => db.prepare('DELETE FROM sync_receipts').run()).toThrow(/append-only: DELETE refused/);
    expect(ledger.get(r1.id)).toEqual(r1);
    expect(ledger.verifyChain().ok).toBe(true);
  });

  it('reopens on the same database and continues the chain', () => {
    const f = fixture();
    const r1 = f.ledger.append(renderInput(1));
    const again = createLedger({ db: f.db, workstationKey: f.key, user: 'ben@studio.example', now: fixtureClock });
    const r2 = again.append(renderInput(2));
    expect(r2).toMatchObject({ seq: 2, prevHash: r1.hash, user: 'ben@studio.example' });
    expect(again.verifyChain()).toMatchObject({ ok: true, count: 2 });
  });
});

describe('usage short ids (what the watermark carries)', () => {
  it('finds a record by the last 48 bits of its id, in any of the forms a reader prints', () => {
    const { ledger } = fixture();
    const id = ledger.reserveId();
    const record = ledger.append(renderInput(1, { id }));
    ledger.append(renderInput(2));
    const short = shortUsageId(id);
    expect(short).toBe(id.slice(24));
    const upper = short.toUpperCase();
    const grouped = `${upper.slice(0, 4)}-${upper.slice(4, 8)}-${upper.slice(8)}`;
    expect(ledger.byShortId(short)).toEqual([record]);
    expect(ledger.byShortId(grouped)).toEqual([record]);
    expect(ledger.byShortId('000000000000')).toEqual([]);
    expect(codeOf(() => ledger.byShortId('xyz'))).toBe('LEDGER_INPUT_INVALID');
  });

  it('never reserves a short id already used by a record or a reservation', () => {
    const f = fixture();
    const taken = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const id = f.ledger.reserveId();
      expect(taken.has(shortUsageId(id))).toBe(false);
      taken.add(shortUsageId(id));
      if (i % 2 === 0) f.ledger.append(renderInput(i, { id }));
    }
    // Plant a reservation whose short id collides with the next random draw: reserveId must skip it.
    const clash = '01900000-0000-7000-8000-abcdefabcdef';
    f.db.prepare('INSERT INTO usage_reservations (id, reserved_at) VALUES (?, ?)').run(clash, '2026-11-23T09:00:00Z');
    const uuid = vi.spyOn(uuidModule, 'uuidv7');
    uuid.mockReturnValueOnce('01900000-0000-7000-8000-abcdefabcdef'.replace('0190', '0191'));
    const id = f.ledger.reserveId();
    expect(uuid).toHaveBeenCalledTimes(2);
    expect(shortUsageId(id)).not.toBe('abcdefabcdef');
    uuid.mockRestore();
  });
});
