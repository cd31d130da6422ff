import path from 'node:path';
import { fixtureClock } from '../helpers/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvenance } from '../../src/app/provenance.ts';
import { stampedOutputStep } from '../../src/app/renderOutput.ts';
import { reviewFor } from '../../src/app/index.ts';
import { ledgerVerify } from '../../src/cli/commands/ledger.ts';
import { policyCheck } from '../../src/cli/commands/policy.ts';
import { canonicalJson } from '../../src/crypto/index.ts';
import { exportBatch } from '../../src/export/index.ts';
import type { UsageRecord } from '../../src/ledger/index.ts';
import { createRenderPool, createShotRenderer, type RenderPool } from '../../src/render/index.ts';
import type { Db } from '../../src/storage/index.ts';
import { cli } from '../helpers/cli.ts';
import { makeOutputsFixture, type OutputsFixture } from '../helpers/outputsFixture.ts';

const NOW = '2026-11-23T10:00:00Z';
const now = () => new Date(NOW);
const SQUARE = {
  name: 'square-small',
  description: '',
  width: 320,
  height: 320,
  fit: 'contain',
  background: '#ffffff',
  format: 'jpeg',
  quality: 85,
  colourProfile: 'srgb',
  naming: '{sku}_{n}',
} as const;

type Tamper = (db: Db) => void;

const triggerSql = (db: Db): string[] =>
  db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'usage_records' ORDER BY name")
    .pluck()
    .all() as string[];
const dropGuards = (db: Db) => db.exec('DROP TRIGGER usage_records_no_update; DROP TRIGGER usage_records_no_delete;');
const bodyAt = (db: Db, seq: number): UsageRecord =>
  JSON.parse(db.prepare('SELECT body FROM usage_records WHERE seq = ?').pluck().get(seq) as string) as UsageRecord;

/** What someone with the workspace's database file can do: the append-only triggers go first. */
const TAMPERS: [string, Tamper][] = [
  [
    'UPDATE licence_id',
    (db) => {
      dropGuards(db);
      db.prepare("UPDATE usage_records SET licence_id = 'lic-b' WHERE seq = 1").run();
    },
  ],
  [
    'UPDATE fee',
    (db) => {
      dropGuards(db);
      const cheaper = { ...bodyAt(db, 1), fee: { amount: 1, currency: 'EUR' } };
      db.prepare('UPDATE usage_records SET body = ? WHERE seq = 1').run(canonicalJson(cheaper));
    },
  ],
  ['DELETE a row', (db) => (dropGuards(db), db.prepare('DELETE FROM usage_records WHERE seq = 1').run())],
  [
    'edit an older row and put the triggers back',
    (db) => {
      const guards = triggerSql(db);
      dropGuards(db);
      db.prepare("UPDATE usage_records SET licence_id = 'lic-b' WHERE seq = 1").run();
      for (const sql of guards) db.exec(sql);
    },
  ],
];

const rowCount = (db: Db): number => (db.prepare('SELECT COUNT(*) AS n FROM usage_records').get() as { n: number }).n;

/** A real pool, started only when a render gets past the gate. */
function lazyPool(): RenderPool & { started: () => boolean } {
  let pool: RenderPool | undefined;
  const of = () =>
    (pool ??= createRenderPool({ modelsDir: path.resolve('models'), size: 1, now: fixtureClock, providers: ['cpu'] }));
  return {
    size: 1,
    run: (task, o) => of().run(task, o),
    terminate: async () => pool?.terminate(),
    started: () => pool !== undefined,
  };
}

describe.each(TAMPERS)('a ledger tampered by %s blocks renders and exports', (_name, tamper) => {
  let fx: OutputsFixture;
  const run = (...argv: string[]) =>
    cli([policyCheck, ledgerVerify], [...argv, '--workspace', fx.workspaceDir], { TWIN_STUDIO_USER: 'cli-user' });

  beforeAll(async () => {
    // One image per licence: lic-a's is spent by shot-a1; shot-b1's output is approved for export.
    fx = await makeOutputsFixture({ now, maxImages: 1 });
    await fx.render('shot-a1', { width: 320, height: 480 });
    const b1 = await fx.render('shot-b1', { width: 320, height: 480 });
    reviewFor(fx.studio).approve(b1.outputId, { by: 'rita' });
    tamper(fx.studio.ws.db);
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('ledger verify names the tamper', async () => {
    const verified = await run('ledger', 'verify');
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(/^LEDGER_TAMPERED: ledger broken at seq 1: /);
  });

  it('policy check refuses with LEDGER_TAMPERED and says what to do', async () => {
    const checked = await run('policy', 'check', '--shot', 'shot-a2', '--at', NOW);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/^LEDGER_TAMPERED: /);
    expect(checked.stderr).toContain('twin-studio ledger verify');
    expect(checked.stderr).toMatch(/backup/);
    expect(checked.stderr).toContain('(rule: ledger verified)');
  });

  it('render refuses before any pixel and appends nothing', async () => {
    const before = rowCount(fx.studio.ws.db);
    const pool = lazyPool();
    const output = stampedOutputStep(fx.studio, await createProvenance(fx.studio.ws));
    const renderer = createShotRenderer({ ws: fx.studio.ws, pool, usageCounter: fx.studio.ledger, output });
    try {
      await expect(renderer.render(fx.studio.ws.shots.load('shot-a2'))).rejects.toMatchObject({
        code: 'LEDGER_TAMPERED',
        details: { rule: 'ledger verified' },
      });
    } finally {
      await pool.terminate();
    }
    expect(pool.started()).toBe(false);
    expect(rowCount(fx.studio.ws.db)).toBe(before);
    expect(fx.studio.ledger.openReservations()).toEqual([]);
  });

  it('export holds every output back with LEDGER_TAMPERED and appends nothing', async () => {
    const before = rowCount(fx.studio.ws.db);
    const out = path.join(fx.dir, 'export');
    const report = await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: SQUARE, out, now });
    expect(report.images).toEqual([]);
    expect(report.heldBack.map((h) => h.code)).toEqual(['LEDGER_TAMPERED']);
    expect(report.heldBack[0]?.message).toContain('twin-studio ledger verify');
    expect(rowCount(fx.studio.ws.db)).toBe(before);
  });
});

describe('an intact ledger: the gate reads the quota from the signed records', () => {
  let fx: OutputsFixture;
  const policy = (shot: string) =>
    cli([policyCheck], ['policy', 'check', '--shot', shot, '--at', NOW, '--workspace', fx.workspaceDir, '--json'], {
      TWIN_STUDIO_USER: 'cli-user',
    });
  const refusal = async (shot: string) =>
    (JSON.parse((await policy(shot)).stderr) as { error: { code: string; message: string } }).error;
  const spent = {
    code: 'QUOTA_EXHAUSTED',
    message: expect.stringMatching(/^Licence lic-a allows 302 images; 302 are used/),
  };
  const appendRenders = (n: number, licenceId: string, from: number) => {
    for (let i = from; i < from + n; i++) {
      fx.studio.ledger.append({
        kind: 'render',
        twinId: 'twin-test',
        licenceId,
        shotId: 'shot-a1',
        ref: null,
        outputSha256: i.toString(16).padStart(64, '0'),
        use: { channel: 'ecommerce', territory: 'EU' },
        fee: { amount: 3000, currency: 'EUR' },
      });
    }
  };

  beforeAll(async () => {
    fx = await makeOutputsFixture({ now, maxImages: 302 });
  }, 60_000);
  afterAll(() => fx?.cleanup());

  it('allows a render at 300 records, none of them synced, and checks only what is new', async () => {
    appendRenders(300, 'lic-a', 1);
    const check = fx.studio.ledger.checkIntegrity();
    expect(check).toMatchObject({ ok: true, mode: 'incremental', verifiedNow: 0, count: 300 });
    const allowed = await policy('shot-a2');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.json()).toMatchObject({ allowed: true, licenceId: 'lic-a', imagesLeft: 1 });
    // lic-b has its own quota, untouched by lic-a's records.
    expect((await policy('shot-b1')).json()).toMatchObject({ allowed: true, imagesLeft: 301 });
  });

  it('refuses once the signed records spend the quota, even with the licence column edited unseen', async () => {
    appendRenders(2, 'lic-a', 301);
    expect(await refusal('shot-a2')).toMatchObject(spent);
    // Someone who also knows to set SQLite's schema cookie back (unsafe mode) relabels 100 renders to lic-b.
    const db = fx.studio.ws.db;
    const guards = triggerSql(db);
    const cookie = db.pragma('schema_version', { simple: true }) as number;
    dropGuards(db);
    db.prepare("UPDATE usage_records SET licence_id = 'lic-b' WHERE seq <= 100").run();
    for (const sql of guards) db.exec(sql);
    db.unsafeMode(true);
    db.pragma(`schema_version = ${cookie}`);
    db.unsafeMode(false);
    const byColumn = db.prepare("SELECT COUNT(*) FROM usage_records WHERE licence_id = 'lic-a' AND kind = 'render'");
    expect(byColumn.pluck().get()).toBe(202);
    expect(await refusal('shot-a2')).toMatchObject(spent);
    expect((await policy('shot-b1')).json()).toMatchObject({ allowed: true, imagesLeft: 301 });
    // The full walk still names the edit.
    expect(fx.studio.ledger.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 1, problem: 'body' });
  });
});
