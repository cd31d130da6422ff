import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, generateKeyPair, sha256Hex } from '../../src/crypto/index.ts';
import {
  checkRecordLink,
  describeChainCheck,
  recordHash,
  sealRecord,
  type UsageRecord,
} from '../../src/ledger/index.ts';
import { makeLedgerFixture, renderInput } from '../helpers/ledgerFixture.ts';

/** Raw SQL an attacker with the database file could run: triggers gone first. */
function dropTriggers(db: ReturnType<typeof makeLedgerFixture>['db']): void {
  db.exec('DROP TRIGGER usage_records_no_update; DROP TRIGGER usage_records_no_delete;');
}

function bodyAt(db: ReturnType<typeof makeLedgerFixture>['db'], seq: number): UsageRecord {
  return JSON.parse(
    (db.prepare('SELECT body FROM usage_records WHERE seq = ?').get(seq) as { body: string }).body,
  ) as UsageRecord;
}

/** Moves rows from..to up by `by`, without tripping the primary key on the way. */
function shiftSeq(db: ReturnType<typeof makeLedgerFixture>['db'], from: number, by: number): void {
  db.prepare('UPDATE usage_records SET seq = -seq WHERE seq >= ?').run(from);
  db.prepare('UPDATE usage_records SET seq = -seq + ? WHERE seq < 0').run(by);
}

describe('ledger tampering is detected and names the first bad seq', () => {
  let f: ReturnType<typeof makeLedgerFixture>;
  let records: UsageRecord[];
  beforeEach(() => {
    f = makeLedgerFixture();
    records = Array.from({ length: 8 }, (_, i) => f.ledger.append(renderInput(i + 1)));
    expect(f.ledger.verifyChain()).toMatchObject({ ok: true, count: 8 });
    dropTriggers(f.db);
  });
  // The policy gate's incremental check must see every tamper the full walk sees, at the same record.
  afterEach(() => {
    try {
      const full = f.ledger.verifyChain();
      expect(full.ok).toBe(false);
      expect(f.ledger.checkIntegrity()).toEqual(full);
    } finally {
      f.cleanup();
    }
  });

  it('an edited body field (hash mismatch)', () => {
    const edited = { ...bodyAt(f.db, 4), fee: { amount: 1, currency: 'EUR' } };
    f.db.prepare('UPDATE usage_records SET body = ? WHERE seq = 4').run(canonicalJson(edited));
    const result = f.ledger.verifyChain();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'hash' });
    expect(describeChainCheck(result)).toMatch(/^ledger broken at seq 4: record was edited \(hash mismatch\)/);
  });

  it('an edited body with its hash recomputed (no key to re-sign)', () => {
    const edited = { ...bodyAt(f.db, 4), licenceId: 'lic_other' };
    const { hash: _h, signature, ...rest } = edited;
    const rehashed = { ...rest, hash: sha256Hex(canonicalJson(rest)), signature };
    f.db
      .prepare('UPDATE usage_records SET body = ?, hash = ?, licence_id = ? WHERE seq = 4')
      .run(canonicalJson(rehashed), rehashed.hash, 'lic_other');
    expect(f.ledger.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'signature' });
  });

  it('an edited column that the signed body contradicts (a render relabelled to dodge the quota)', () => {
    f.db.prepare("UPDATE usage_records SET kind = 'export' WHERE seq = 5").run();
    // The quota reads the signed bodies, which still say render.
    expect(f.ledger.imagesUsed('lic_0001')).toBe(8);
    const result = f.ledger.verifyChain();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'body' });
    expect(describeChainCheck(result)).toContain('column kind says "export" but the signed record says "render"');
  });

  it('a body that is not JSON', () => {
    f.db.prepare("UPDATE usage_records SET body = '{broken' WHERE seq = 2").run();
    expect(f.ledger.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'body' });
  });

  it('a deleted record in the middle', () => {
    f.db.prepare('DELETE FROM usage_records WHERE seq = 4').run();
    const result = f.ledger.verifyChain();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'missing' });
    expect(describeChainCheck(result)).toBe(
      'ledger broken at seq 4: record is missing (deleted): the next stored record is seq 5',
    );
  });

  it('a deleted record in the middle with the rest renumbered to close the gap', () => {
    f.db.prepare('DELETE FROM usage_records WHERE seq = 4').run();
    shiftSeq(f.db, 5, -1);
    expect(f.ledger.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'seq' });
  });

  it('the last record deleted (the head mark remembers it) and appending refused until looked at', () => {
    f.db.prepare('DELETE FROM usage_records WHERE seq = 8').run();
    expect(f.ledger.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 8, problem: 'missing' });
    expect(() => f.ledger.append(renderInput(9))).toThrow(expect.objectContaining({ code: 'LEDGER_TAMPERED' }));
  });

  it('the tail deleted with the head mark rewound too, caught by the registry receipt', () => {
    f.ledger.acknowledge({
      workstationId: f.ledger.workstationId(),
      ackedSeq: 8,
      headHash: records[7]!.hash,
      serverTime: '2026-11-23T10:00:00Z',
      registryKeyId: 'reg',
      signature: 's8',
    });
    f.db.prepare('DELETE FROM usage_records WHERE seq >= 7').run();
    f.db.prepare('UPDATE ledger_sync SET head_seq = 6, head_hash = ?').run(records[5]!.hash);
    expect(f.ledger.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 7, problem: 'missing' });
  });

  it('two records swapped (reordered)', () => {
    f.db.prepare('UPDATE usage_records SET seq = -3 WHERE seq = 3').run();
    f.db.prepare('UPDATE usage_records SET seq = 3 WHERE seq = 6').run();
    f.db.prepare('UPDATE usage_records SET seq = 6 WHERE seq = -3').run();
    const result = f.ledger.verifyChain();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'seq' });
    expect(describeChainCheck(result)).toContain(
      'ledger broken at seq 3: the row at seq 3 holds the signed record for seq 6',
    );
  });

  it('a forged record inserted in the middle, the rest renumbered, signed with another key', () => {
    shiftSeq(f.db, 4, 1);
    const forged = sealRecord(
      {
        ...renderInput(99),
        id: '01900000-0000-7000-8000-0000000000ff',
        seq: 4,
        at: '2026-11-23T09:00:03.500Z',
        workstationId: f.ledger.workstationId(),
        user: 'mallory',
        prevHash: records[2]!.hash,
      },
      generateKeyPair().privateKeyPem,
    );
    f.db
      .prepare(
        'INSERT INTO usage_records (seq, id, body, hash, kind, licence_id, twin_id, output_sha256, ref, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        4,
        forged.id,
        canonicalJson(forged),
        forged.hash,
        forged.kind,
        forged.licenceId,
        forged.twinId,
        forged.outputSha256,
        forged.ref,
        forged.at,
      );
    const result = f.ledger.verifyChain();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'signature' });
    expect(describeChainCheck(result)).toContain('ledger broken at seq 4: signature does not verify');
  });

  it('a genuine record replayed under a later seq (its old link no longer fits)', () => {
    const copy = bodyAt(f.db, 2);
    f.db.prepare('DELETE FROM usage_records WHERE seq = 5').run();
    f.db
      .prepare(
        'INSERT INTO usage_records (seq, id, body, hash, kind, licence_id, twin_id, output_sha256, ref, at) VALUES (5, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        `${copy.id}-x`,
        canonicalJson(copy),
        copy.hash,
        copy.kind,
        copy.licenceId,
        copy.twinId,
        copy.outputSha256,
        copy.ref,
        copy.at,
      );
    expect(f.ledger.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'seq' });
  });
});

describe('describeChainCheck', () => {
  it('gives the human line for a sound ledger', () => {
    expect(describeChainCheck({ ok: true, count: 0, head: { seq: 0, hash: '0'.repeat(64) } })).toBe(
      'ledger ok: 0 records (empty)',
    );
    expect(describeChainCheck({ ok: true, count: 42, head: { seq: 42, hash: 'ab12cd34ef56'.padEnd(64, '0') } })).toBe(
      'ledger ok: 42 records, head seq 42 (hash ab12cd34ef56…)',
    );
    expect(describeChainCheck({ ok: true, count: 1, head: { seq: 1, hash: 'f'.repeat(64) } })).toBe(
      'ledger ok: 1 record, head seq 1 (hash ffffffffffff…)',
    );
  });
});

describe('checkRecordLink: one canonical serialisation covers the hash and the signature', () => {
  it('accepts a sealed record whose strings look like a hash member, and names an edit of either part', () => {
    const key = generateKeyPair();
    const shotId = 'x,"hash":"'.padEnd(20, 'f');
    const record = sealRecord(
      {
        ...renderInput(1),
        shotId,
        id: '01900000-0000-7000-8000-000000000001',
        seq: 1,
        at: '2026-11-23T09:00:00Z',
        workstationId: 'ws-1',
        user: 'ana',
        prevHash: '0'.repeat(64),
      },
      key.privateKeyPem,
    );
    expect(checkRecordLink(record, null, key.publicKeyPem)).toBeNull();
    expect(checkRecordLink({ ...record, shotId: 'x' }, null, key.publicKeyPem)).toBe('hash');
    const { hash: _h, signature, ...rest } = { ...record, shotId: 'y' };
    expect(checkRecordLink({ ...rest, hash: recordHash(rest), signature }, null, key.publicKeyPem)).toBe('signature');
    expect(checkRecordLink(record, null, generateKeyPair().publicKeyPem)).toBe('signature');
  });
});
