import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerVerify } from '../../src/cli/commands/ledger.ts';
import { policyCheck } from '../../src/cli/commands/policy.ts';
import { generateKeyPair } from '../../src/crypto/index.ts';
import { createLedger, describeChainCheck, type PushReceipt } from '../../src/ledger/index.ts';
import type { Db } from '../../src/storage/index.ts';
import { cli } from '../helpers/cli.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { makeLedgerFixture, renderInput } from '../helpers/ledgerFixture.ts';
import { makeOutputsFixture, type OutputsFixture } from '../helpers/outputsFixture.ts';

const HEAD_FILE = 'ledger.head.json';

const triggerSql = (db: Db): string[] =>
  db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'usage_records' ORDER BY name")
    .pluck()
    .all() as string[];

/**
 * What someone with the workspace's database file does to forget the newest usage: the append-only triggers
 * dropped, the rows after `keep` deleted, every mark kept in the database (head, verified-through mark) set to
 * match, and the triggers put back.
 */
function deleteNewestRows(db: Db, keep: number): void {
  const guards = triggerSql(db);
  db.exec('DROP TRIGGER usage_records_no_update; DROP TRIGGER usage_records_no_delete;');
  db.prepare('DELETE FROM usage_records WHERE seq > ?').run(keep);
  const hash = db.prepare('SELECT hash FROM usage_records WHERE seq = ?').pluck().get(keep) as string;
  db.prepare('UPDATE ledger_sync SET head_seq = ?, head_hash = ?').run(keep, hash);
  db.prepare('DELETE FROM ledger_verified').run();
  for (const sql of guards) db.exec(sql);
}

describe('the ledger head is anchored in a signed file beside the database', () => {
  let f: ReturnType<typeof makeLedgerFixture>;
  const headFile = () => path.join(f.dir, HEAD_FILE);
  const receipt = (seq: number): PushReceipt => ({
    workstationId: f.ledger.workstationId(),
    ackedSeq: seq,
    headHash: f.ledger.bySeq(seq)!.hash,
    serverTime: '2026-11-23T10:00:00Z',
    registryKeyId: 'reg',
    signature: `s${seq}`,
  });
  const reopen = () => createLedger({ db: f.db, workstationKey: f.key, user: 'ben@studio.example', now: fixtureClock });

  beforeEach(() => {
    f = makeLedgerFixture();
    for (let i = 1; i <= 8; i++) f.ledger.append(renderInput(i));
    f.ledger.acknowledge(receipt(3));
  });
  afterEach(() => f.cleanup());

  it('deleting unsynced rows and resetting the marks in the database is caught by the gate and by verify', () => {
    expect(f.ledger.imagesUsed('lic_0001')).toBe(8);
    deleteNewestRows(f.db, 5);
    const check = f.ledger.checkIntegrity();
    expect(check).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'missing' });
    expect(describeChainCheck(check)).toBe(
      'ledger broken at seq 6: record is missing (deleted from the end): the signed head file (ledger.head.json) ' +
        'is seq 8 but the last stored record is seq 5',
    );
    expect(f.ledger.verifyChain()).toEqual(check);
    // Opening the workspace again does not move the anchor back to what the database now says.
    const again = reopen();
    expect(again.checkIntegrity()).toEqual(check);
    expect(() => again.append(renderInput(9))).toThrow(expect.objectContaining({ code: 'LEDGER_TAMPERED' }));
    expect(again.checkIntegrity()).toEqual(check);
  });

  it('a head file that names another record at its seq (a fork signed with the same key) is caught', () => {
    const fork = makeLedgerFixture({ key: f.key });
    try {
      for (let i = 1; i <= 8; i++) fork.ledger.append(renderInput(100 + i));
      writeFileSync(headFile(), readFileSync(path.join(fork.dir, HEAD_FILE)));
    } finally {
      fork.cleanup();
    }
    const check = f.ledger.checkIntegrity();
    expect(check).toMatchObject({ ok: false, firstBadSeq: 8, problem: 'hash' });
    expect(describeChainCheck(check)).toContain('record differs from the signed head file hash');
    expect(f.ledger.verifyChain()).toEqual(check);
  });

  it('the head file carries the seq, hash and the registry receipt, signed with the workstation key', () => {
    const body = JSON.parse(readFileSync(headFile(), 'utf8')) as Record<string, unknown>;
    expect(body).toMatchObject({
      format: 'ledger-head/1',
      workstationId: f.ledger.workstationId(),
      seq: 8,
      hash: f.ledger.head().hash,
      receipt: receipt(3),
      signature: expect.any(String),
    });
  });

  it('a deleted head file is reported, and opening the workspace again does not write a new one', () => {
    rmSync(headFile());
    const check = f.ledger.checkIntegrity();
    expect(check).toMatchObject({ ok: false, problem: 'anchor' });
    expect(describeChainCheck(check)).toContain('ledger.head.json is missing');
    const again = reopen();
    expect(existsSync(headFile())).toBe(false);
    expect(again.verifyChain()).toMatchObject({ ok: false, problem: 'anchor' });
    expect(() => again.append(renderInput(9))).toThrow(expect.objectContaining({ code: 'LEDGER_TAMPERED' }));
  });

  it('an edited or foreign head file is reported', () => {
    const text = readFileSync(headFile(), 'utf8');
    writeFileSync(headFile(), text.replace('"seq":8', '"seq":5'));
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: false, problem: 'anchor' });
    const stranger = makeLedgerFixture({ key: generateKeyPair() });
    try {
      stranger.ledger.append(renderInput(1));
      writeFileSync(headFile(), readFileSync(path.join(stranger.dir, HEAD_FILE)));
    } finally {
      stranger.cleanup();
    }
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: false, problem: 'anchor' });
  });

  it('a crash between the commit and the head-file write is tolerated, and the next open catches up', () => {
    const atEight = readFileSync(headFile());
    f.ledger.append(renderInput(9));
    // The crash: record 9 is committed, the file still names record 8 (the write of seq 9 never happened).
    writeFileSync(headFile(), atEight);
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, count: 9 });
    expect(f.ledger.verifyChain()).toMatchObject({ ok: true, count: 9 });
    reopen();
    expect(JSON.parse(readFileSync(headFile(), 'utf8'))).toMatchObject({ seq: 9, hash: f.ledger.head().hash });
  });

  it("an append inside a caller's transaction moves the file only once committed, at the next check", () => {
    const fileSeq = () => (JSON.parse(readFileSync(headFile(), 'utf8')) as { seq: number }).seq;
    // Rolled back (a render that met the quota inside the insert's transaction): the file must not lead.
    expect(() =>
      f.db.transaction(() => {
        f.ledger.append(renderInput(9));
        throw new Error('quota met meanwhile');
      })(),
    ).toThrow('quota met meanwhile');
    expect(fileSeq()).toBe(8);
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, count: 8 });
    // Committed: the file lags until the gate's next check, which catches it up.
    f.db.transaction(() => f.ledger.append(renderInput(10))).immediate();
    expect(fileSeq()).toBe(8);
    expect(f.ledger.checkIntegrity()).toMatchObject({ ok: true, count: 9 });
    expect(fileSeq()).toBe(9);
  });

  it('a workspace from before the head file gets one at its first open; deleting it later is reported', () => {
    rmSync(headFile());
    // What a database from before the head file looks like: the ledger tables one migration behind.
    f.db.exec('DROP TABLE ledger_head_file');
    f.db.prepare("UPDATE schema_migrations SET version = 1 WHERE domain = 'ledger'").run();
    const upgraded = reopen();
    expect(JSON.parse(readFileSync(headFile(), 'utf8'))).toMatchObject({ seq: 8, hash: f.ledger.head().hash });
    expect(upgraded.checkIntegrity()).toMatchObject({ ok: true, count: 8 });
    rmSync(headFile());
    expect(reopen().checkIntegrity()).toMatchObject({ ok: false, problem: 'anchor' });
  });
});

describe('a workspace whose newest usage rows were deleted', () => {
  let fx: OutputsFixture;
  const NOW = '2026-11-23T10:00:00Z';
  const run = (...argv: string[]) =>
    cli([policyCheck, ledgerVerify], [...argv, '--workspace', fx.workspaceDir], { TWIN_STUDIO_USER: 'cli-user' });

  beforeAll(async () => {
    fx = await makeOutputsFixture({ now: () => new Date(NOW), maxImages: 3 });
    for (let i = 1; i <= 3; i++) {
      fx.studio.ledger.append({
        kind: 'render',
        twinId: 'twin-test',
        licenceId: 'lic-a',
        shotId: 'shot-a1',
        ref: null,
        outputSha256: i.toString(16).padStart(64, '0'),
        use: { channel: 'ecommerce', territory: 'EU' },
        fee: { amount: 3000, currency: 'EUR' },
      });
    }
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('does not get its quota back: the gate refuses and ledger verify names the head file', async () => {
    const spent = await run('policy', 'check', '--shot', 'shot-a2', '--at', NOW);
    expect(spent.stderr).toMatch(/^QUOTA_EXHAUSTED: /);
    deleteNewestRows(fx.studio.ws.db, 1);
    const checked = await run('policy', 'check', '--shot', 'shot-a2', '--at', NOW);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/^LEDGER_TAMPERED: /);
    const verified = await run('ledger', 'verify');
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(
      /^LEDGER_TAMPERED: ledger broken at seq 2: .*signed head file \(ledger.head.json\)/,
    );
  });
});
