import { spawn, type ChildProcess } from 'node:child_process';
import { systemClock } from '../../src/clock/index.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio } from '../../src/app/index.ts';
import { createStudioSync } from '../../src/app/sync.ts';
import { createCommands } from '../../src/cli/main.ts';
import type { DemoResult } from '../../src/demo/buildDemo.ts';
import type { Statement } from '../../src/registry/index.ts';
import { cli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

const BIN = fileURLToPath(new URL('../../bin/twin-studio.js', import.meta.url));

/** `twin-studio registry serve` as a user runs it; resolves with its first stdout line. */
function serveRegistry(db: string): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(process.execPath, [BIN, 'registry', 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`registry serve did not start: ${err}`)), 20_000);
    child.stderr?.on('data', (c: Buffer) => void (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve({ child, firstLine: out.slice(0, newline) });
      }
    });
    child.once('exit', (code) => reject(new Error(`registry serve exited (${code}): ${err}`)));
  });
}

/** The "done when": the demo registry, enrolment, three renders, sync, statement, revocation. */
describe('registry demo flow from the CLI', () => {
  const tmp = tempDir('twin-regflow-');
  const dir = path.join(tmp.dir, 'demo');
  const commands = createCommands();
  // The registry runs as a real child process on the wall clock, so the workstation side does too.
  const run = (...argv: string[]) => cli(commands, argv, { TWIN_STUDIO_USER: 'tester' }, systemClock);
  let demo: DemoResult;
  let registry: { child: ChildProcess; firstLine: string };
  let url: string;

  beforeAll(async () => {
    const made = await run('demo', '--out', dir, '--json');
    expect(made.code, made.stderr).toBe(0);
    demo = made.json<DemoResult>();
    registry = await serveRegistry(demo.registryDb);
    url = registry.firstLine.replace('listening on ', '');
  }, 90_000);

  afterAll(async () => {
    if (registry && registry.child.exitCode === null) {
      const exited = new Promise((resolve) => registry.child.once('exit', resolve));
      registry.child.kill('SIGTERM');
      await exited;
    }
    tmp.cleanup();
  });

  it('serves the demo registry database; its first line is the URL', () => {
    expect(demo.registryDb).toBe(path.join(dir, 'registry', 'registry.sqlite'));
    expect(registry.firstLine).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('enrols, renders three shots, syncs, and the statement shows three images at the licence fee', async () => {
    const orgless = await run('registry', 'token', 'new', '--db', demo.registryDb);
    expect(orgless.code).not.toBe(0);
    expect(orgless.stderr).toContain('--org ORG is required');
    const token = await run('registry', 'token', 'new', '--db', demo.registryDb, '--org', 'org-hm-demo');
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^enrol\.[\w-]{16}\.org-hm-demo\.[\w-]{32}$/);

    const enrolled = await run('enrol', '--registry', url, '--token', token.stdout, '--workspace', dir, '--json');
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect(enrolled.json()).toMatchObject({
      registryUrl: url,
      orgId: 'org-hm-demo',
      workstationId: expect.stringMatching(/^ws-/),
    });
    const malformed = await run('enrol', '--registry', url, '--token', 'enrol-not-a-token', '--workspace', dir);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('ENROLMENT_TOKEN_INVALID');

    for (const shotId of ['ava-tee-trousers-studio', 'ava-dress-loft', 'ava-jacket-skirt-street']) {
      const rendered = await run(
        'render',
        shotId,
        '--workspace',
        dir,
        '--out',
        path.join(tmp.dir, `${shotId}.png`),
        '--json',
      );
      expect(rendered.code, rendered.stderr).toBe(0);
    }

    const synced = await run('sync', '--workspace', dir, '--json');
    expect(synced.code, synced.stderr).toBe(0);
    // The demo's own licences, owner list, revocation and withdrawal come back on the feed, then the 3 renders go out.
    expect(synced.json()).toMatchObject({ pushed: 3, ackedSeq: 3, pending: 0, lastCheckInAt: expect.any(String) });
    expect(synced.json<{ changes: number }>().changes).toBeGreaterThanOrEqual(9);

    const licence = JSON.parse(
      readFileSync(path.join(dir, 'source', 'licences', 'lic-ava-ecom-social.licence.json'), 'utf8'),
    ) as { fee: { perImage: number; currency: string } };
    const stmt = await run('registry', 'statement', '--db', demo.registryDb, '--twin', 'ava-synthetic', '--json');
    expect(stmt.code, stmt.stderr).toBe(0);
    expect(stmt.json<Statement>()).toMatchObject({
      twinId: 'ava-synthetic',
      images: 3,
      records: 3,
      byCurrency: [{ currency: licence.fee.currency, images: 3, amount: 3 * licence.fee.perImage }],
    });
    const none = await run(
      'registry',
      'statement',
      '--db',
      demo.registryDb,
      '--twin',
      'ava-synthetic',
      '--from',
      '2000-01-01',
      '--to',
      '2000-02-01',
      '--json',
    );
    expect(none.json<Statement>()).toMatchObject({ images: 0, byCurrency: [] });

    const audit = await run('registry', 'audit', '--url', url, '--json');
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.json()).toMatchObject({ ok: true, inclusionChecked: 3, checkpoint: { treeSize: 3 } });

    const studio = openStudio(dir, { now: systemClock, env: {} });
    try {
      expect(createStudioSync(studio).status()).toMatchObject({
        enrolled: true,
        registryUrl: url,
        pendingRecords: 0,
        lastCheckInAt: expect.any(String),
        state: 'idle',
      });
    } finally {
      studio.close();
    }
  }, 60_000);

  it('a revocation on the registry reaches the workspace at the next sync and the next render refuses', async () => {
    const revoked = await run(
      'registry',
      'revoke',
      '--db',
      demo.registryDb,
      '--licence',
      'lic-ava-ecom-social',
      '--reason',
      'test: breach of terms',
      '--json',
    );
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.json()).toMatchObject({ licenceId: 'lic-ava-ecom-social', reason: 'test: breach of terms' });
    const again = await run('registry', 'revoke', '--db', demo.registryDb, '--licence', 'lic-ava-ecom-social');
    expect(again.stderr).toContain('LICENCE_ALREADY_REVOKED');

    // Not yet synced: the workstation still renders.
    const before = await run('policy', 'check', '--shot', 'ava-dress-loft', '--workspace', dir, '--json');
    expect(before.stdout).not.toContain('LICENCE_REVOKED');

    const synced = await run('sync', '--workspace', dir, '--json');
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json()).toMatchObject({ changes: 1, pushed: 0 });

    const refused = await run('render', 'ava-dress-loft', '--workspace', dir, '--out', path.join(tmp.dir, 'after.png'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('LICENCE_REVOKED');
    const policy = await run('policy', 'check', '--shot', 'ava-dress-loft', '--workspace', dir);
    expect(`${policy.stdout}\n${policy.stderr}`).toContain('LICENCE_REVOKED');

    const stmt = await run('registry', 'statement', '--db', demo.registryDb, '--twin', 'ava-synthetic', '--json');
    expect(stmt.json<Statement>().images).toBe(3);
  }, 30_000);

  it('a licence issued on the registry reaches the workspace at the next sync; one wider than the consent is refused', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();
    const terms = [
      '--pack',
      demo.twinPacks[0] as string,
      '--org',
      'org-hm-demo',
      '--org-name',
      'Demo Fashion Retail AB',
      '--brand',
      'Demo Brand',
      '--product-lines',
      'womenswear',
    ];
    const period = ['--from', day(-1), '--until', day(30), '--max-images', '10', '--fee', '4000', '--currency', 'EUR'];
    const issued = await run(
      'registry',
      'licence',
      'issue',
      '--db',
      demo.registryDb,
      ...terms,
      '--id',
      'lic-ava-reissued',
      '--channels',
      'ecommerce',
      '--territories',
      'EU',
      ...period,
      '--proofs-per-day',
      '10',
      '--proof-fee',
      '150',
      '--json',
    );
    expect(issued.code, issued.stderr).toBe(0);
    const wider = await run(
      'registry',
      'licence',
      'issue',
      '--db',
      demo.registryDb,
      ...terms,
      '--id',
      'lic-ava-tv',
      '--channels',
      'broadcast',
      '--territories',
      'EU',
      ...period,
    );
    expect(wider.code).toBe(1);
    expect(wider.stderr).toContain('LICENCE_WIDENS_CONSENT');

    const synced = await run('sync', '--workspace', dir, '--json');
    expect(synced.json()).toMatchObject({ changes: 1 });
    const studio = openStudio(dir, { now: systemClock, env: {} });
    try {
      expect(studio.ws.licences.get('lic-ava-reissued')).toMatchObject({
        channels: ['ecommerce'],
        fee: { perImage: 4000, currency: 'EUR' },
        proofs: { perDay: 10, billed: true, perProof: 150 },
      });
    } finally {
      studio.close();
    }
  });

  it('a workspace that never enrolled reports so and refuses to sync', async () => {
    const studio = openStudio(path.join(tmp.dir, 'bare'), { now: systemClock, env: {} });
    try {
      const sync = createStudioSync(studio);
      expect(sync.status()).toMatchObject({ enrolled: false, registryUrl: null, state: 'idle' });
      await expect(sync.syncOnce()).rejects.toMatchObject({ code: 'NOT_ENROLLED' });
    } finally {
      studio.close();
    }
  });
});
