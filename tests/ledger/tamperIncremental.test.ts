import { afterEach, describe, expect, it } from 'vitest';
import { fixtureClock } from '../helpers/clock.ts';
import { canonicalJson, parsePrivateKey, parsePublicKey } from '../../src/crypto/index.ts';
import { createLedger, describeChainCheck, type UsageRecord } from '../../src/ledger/index.ts';
import { addToTally, createVerifiedMarkBook, type UsageTally } from '../../src/ledger/verifiedMark.ts';
import { makeLedgerFixture, renderInput } from '../helpers/ledgerFixture.ts';

const fixtures: ReturnType<typeof makeLedgerFixture>[] = [];
const fixture = (n: number) => {
  const f = makeLedgerFixture();
  fixtures.push(f);
  const licenceOf = (i: number) => (i % 3 === 2 ? 'lic_0002' : 'lic_0001');
  const records = Array.from({ length: n }, (_, i) => f.ledger.append(renderInput(i + 1, { licenceId: licenceOf(i) })));
  return { ...f, records };
};
afterEach(() => {
  for (const f of fixtures.splice(0)) f.cleanup();
});

type Fixture = ReturnType<typeof fixture>;
const markBody = (f: Fixture) => f.db.prepare('SELECT body FROM ledger_verified').pluck().get() as string;
const book = (f: Fixture) =>
  createVerifiedMarkBook({
    db: f.db,
    workstationId: f.ledger.workstationId(),
    publicKey: parsePublicKey(f.key.publicKeyPem),
    privateKey: parsePrivateKey(f.key.privateKeyPem),
  });
const review = (n: number, ref: UsageRecord) =>
  renderInput(n, { kind: 'review.approved', ref: ref.id, fee: { amount: 0, currency: 'EUR' } });
const guardSql = (f: Fixture) =>
  f.db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'usage_records'")
    .pluck()
    .all() as string[];
const tally = (records: readonly UsageRecord[]): UsageTally => {
  const t: UsageTally = {};
  for (const r of records) addToTally(t, r);
  return t;
};

describe('the incremental check (what the policy gate runs)', () => {
  it('walks nothing when every append moved the signed mark, and reads usage from the signed records', () => {
    const f = fixture(30);
    expect(f.ledger.checkIntegrity()).toEqual({
      ok: true,
      count: 30,
      head: { seq: 30, hash: f.records[29]!.hash },
      mode: 'incremental',
      verifiedNow: 0,
      usage: tally(f.records),
    });
    expect(f.ledger.imagesUsed('lic_0001')).toBe(20);
    expect(f.ledger.usageOf('lic_0002')).toEqual({ images: 10, fees: { EUR: 12_000 } });
    const approved = f.ledger.append(review(31, f.records[0]!));
    const check = f.ledger.checkIntegrity();
    expect(check).toMatchObject({ ok: true, mode: 'incremental', verifiedNow: 0 });
    expect(check).toMatchObject({ head: { seq: 31, hash: approved.hash } });
    expect(f.ledger.imagesUsed('lic_0001')).toBe(20);
  });

  it('counts records synced or not: the registry receipt changes nothing', () => {
    const f = fixture(6);
    f.ledger.acknowledge({
      workstationId: f.ledger.workstationId(),
      ackedSeq: 4,
      headHash: f.records[3]!.hash,
      serverTime: '2026-11-23T10:00:00Z',
      registryKeyId: 'reg',
      signature: 'sig-4',
    });
    f.ledger.append(renderInput(7));
    expect(f.ledger.imagesUsed('lic_0001')).toBe(5);
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, mode: 'incremental', count: 7 });
  });

  it('walks only the records after the mark, then moves the mark to the head', () => {
    const f = fixture(40);
    // A mark left at seq 25 (another version of the app appended the rest without moving it).
    const schemaVersion = f.db.pragma('schema_version', { simple: true }) as number;
    book(f).write({ seq: 25, hash: f.records[24]!.hash, schemaVersion, usage: tally(f.records.slice(0, 25)) });
    const check = f.ledger.checkIntegrity();
    expect(check).toMatchObject({ ok: true, mode: 'incremental', verifiedNow: 15, count: 40, usage: tally(f.records) });
    expect(JSON.parse(markBody(f))).toMatchObject({ seq: 40, hash: f.records[39]!.hash });
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, mode: 'incremental', verifiedNow: 0 });
  });

  it('walks the whole chain once for a workspace from before the mark, or after a schema change', () => {
    const f = fixture(12);
    f.db.exec('DELETE FROM ledger_verified');
    const walked = f.ledger.checkIntegrity();
    expect(walked).toMatchObject({ ok: true, mode: 'full', verifiedNow: 12, usage: tally(f.records) });
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, mode: 'incremental', verifiedNow: 0 });
    // Another room's migration: SQLite's schema cookie moves, so the mark no longer vouches for the old rows.
    f.db.exec('CREATE TABLE other_room (x INTEGER)');
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, mode: 'full', verifiedNow: 12 });
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, mode: 'incremental', verifiedNow: 0 });
    // Reopening the workspace (migrations already applied) keeps it incremental.
    const again = createLedger({ db: f.db, workstationKey: f.key, user: 'ben@studio.example', now: fixtureClock });
    expect(again.checkIntegrity()).toMatchObject({ ok: true, mode: 'incremental', verifiedNow: 0 });
    again.append(renderInput(13));
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, mode: 'incremental', verifiedNow: 0, count: 13 });
  });

  it('refuses a mark that was edited, forged with another key or is for another workstation', () => {
    const f = fixture(5);
    const body = markBody(f);
    const mark = JSON.parse(body) as { usage: UsageTally };
    const edited = { ...mark, usage: { ...mark.usage, lic_0001: { images: 0, fees: {} } } };
    f.db.prepare('UPDATE ledger_verified SET body = ?').run(canonicalJson(edited));
    const result = f.ledger.checkIntegrity();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 0, problem: 'mark' });
    expect(describeChainCheck(result)).toBe(
      'ledger broken: the verified-through mark (table ledger_verified) is not valid: ' +
        "its signature does not verify with this workstation's key (edited or forged)",
    );
    expect(f.ledger.verifyChain()).toEqual(result);
    expect(() => f.ledger.imagesUsed('lic_0001')).not.toThrow();
    expect(f.ledger.imagesUsed('lic_0001')).toBe(4);
    // An append does not launder it: the mark stays as it is and the check still fails.
    f.ledger.append(renderInput(6));
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: false, problem: 'mark' });

    const table = f.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'ledger_verified'").pluck().get() as string;
    f.db.exec('DROP TABLE ledger_verified');
    const dropped = expect.stringMatching(/table was dropped$/);
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: false, problem: 'mark', message: dropped });
    f.db.exec(table);

    const other = makeLedgerFixture();
    fixtures.push(other);
    other.ledger.append(renderInput(1));
    f.db.prepare('INSERT INTO ledger_verified (singleton, body) VALUES (1, ?)').run(markBody(other as Fixture));
    const foreign = expect.stringContaining(`it is for workstation ${other.ledger.workstationId()}`);
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: false, problem: 'mark', message: foreign });
  });

  it('catches a replaced record at the mark, and the tail deleted past it', () => {
    const f = fixture(8);
    f.db.exec('DROP TRIGGER usage_records_no_delete');
    // Only the delete trigger is gone: the cookie moved, so the whole chain is walked.
    f.db.prepare('DELETE FROM usage_records WHERE seq = 8').run();
    f.db.prepare('UPDATE ledger_sync SET head_seq = 7, head_hash = ?').run(f.records[6]!.hash);
    const message = expect.stringContaining('the verified-through mark is seq 8');
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: false, firstBadSeq: 8, problem: 'missing', message });
  });

  it('names triggers that were dropped even when every record still verifies', () => {
    const f = fixture(3);
    f.db.exec('DROP TRIGGER usage_records_no_update');
    const result = f.ledger.checkIntegrity();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 0, problem: 'guard' });
    expect(describeChainCheck(result)).toMatch(/^ledger broken: the append-only triggers of usage_records .* dropped/);
    expect(f.ledger.verifyChain()).toEqual(result);
  });

  it('finds a column edited with the triggers put back: the moved schema cookie forces the full walk', () => {
    const f = fixture(8);
    const guards = guardSql(f);
    f.db.exec('DROP TRIGGER usage_records_no_update; DROP TRIGGER usage_records_no_delete;');
    f.db.prepare("UPDATE usage_records SET kind = 'export' WHERE seq = 2").run();
    for (const sql of guards) f.db.exec(sql);
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'body' });
    // A record appended anyway (a review needs no gate) does not move the mark past the edit.
    f.ledger.append(review(9, f.records[0]!));
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'body' });
  });
});
