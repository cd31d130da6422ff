import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { fixtureClock } from '../helpers/clock.ts';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProvenance } from '../../src/app/provenance.ts';
import { openStudio } from '../../src/app/index.ts';
import { signingIdentityDir } from '../../src/app/provenanceKit.ts';
import { keysNew } from '../../src/cli/commands/keys.ts';
import { ledgerVerify } from '../../src/cli/commands/ledger.ts';
import { registryCommands } from '../../src/cli/commands/registry.ts';
import { cli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

const modeOf = (file: string) => statSync(file).mode & 0o777;
const COMMANDS = [keysNew, ledgerVerify, ...registryCommands];

/** Private keys on disk: 0600 files in 0700 folders, and a workspace found looser is fixed with one warning. */
describe.skipIf(process.platform === 'win32')('secrets on disk', () => {
  const tmp = tempDir('twin-secrets-');
  afterAll(() => tmp.cleanup());

  it('keys new writes the key 0600, in a 0700 folder when it makes the folder', async () => {
    const file = path.join(tmp.dir, 'new-folder', 'owner.key.json');
    const r = await cli(COMMANDS, ['keys', 'new', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
  });

  it('keys new --force over a world-readable file leaves a 0600 key, and an existing folder keeps its mode', async () => {
    const dir = path.join(tmp.dir, 'shared-folder');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = path.join(dir, 'registry.key.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    chmodSync(file, 0o644);
    const r = await cli(COMMANDS, ['keys', 'new', '--out', file, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(dir)).toBe(0o755);
  });

  it("a new workspace's workstation key and C2PA signing keys are private", async () => {
    const ws = path.join(tmp.dir, 'ws-new');
    const studio = openStudio(ws, {
      now: fixtureClock,
      env: {},
      warn: (line) => expect.fail(`unexpected warning: ${line}`),
    });
    try {
      await createProvenance(studio.ws);
      // Opening it again finds nothing to fix: everything under keys/ was made private, certificates included.
      openStudio(ws, {
        now: fixtureClock,
        env: {},
        warn: (line) => expect.fail(`unexpected warning: ${line}`),
      }).close();
      expect(modeOf(studio.ws.layout.keys)).toBe(0o700);
      expect(modeOf(studio.ws.layout.workstationKey)).toBe(0o600);
      const c2pa = signingIdentityDir(ws);
      expect(modeOf(c2pa)).toBe(0o700);
      expect(modeOf(path.join(c2pa, 'signing.key.pem'))).toBe(0o600);
      expect(modeOf(path.join(c2pa, 'ca.key.pem'))).toBe(0o600);
    } finally {
      studio.close();
    }
  });

  it('an existing workspace with world-readable keys is fixed on open, with one warning line on stderr', async () => {
    const ws = path.join(tmp.dir, 'ws-loose');
    const studio = openStudio(ws, { now: fixtureClock, env: {} });
    await createProvenance(studio.ws);
    studio.close();
    const keys = path.join(ws, 'keys');
    const c2pa = signingIdentityDir(ws);
    chmodSync(keys, 0o755);
    chmodSync(path.join(keys, 'workstation.key.json'), 0o644);
    chmodSync(c2pa, 0o755);
    chmodSync(path.join(c2pa, 'signing.key.pem'), 0o640);

    const first = await cli(COMMANDS, ['ledger', 'verify', '--workspace', ws]);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^WARNING: keys under .* were readable by other users; made them private: /);
    expect(lines[0]).toContain('keys/workstation.key.json 0644→0600');
    expect(lines[0]).toContain('keys 0755→0700');
    expect(modeOf(keys)).toBe(0o700);
    expect(modeOf(path.join(keys, 'workstation.key.json'))).toBe(0o600);
    expect(modeOf(c2pa)).toBe(0o700);
    expect(modeOf(path.join(c2pa, 'signing.key.pem'))).toBe(0o600);

    const again = await cli(COMMANDS, ['ledger', 'verify', '--workspace', ws]);
    expect(again.stderr).toBe('');
  });

  it('a link inside keys/ is not followed: the file it points to keeps its mode', async () => {
    const ws = path.join(tmp.dir, 'ws-link');
    openStudio(ws, { now: fixtureClock, env: {} }).close();
    const outside = path.join(tmp.dir, 'public.txt');
    writeFileSync(outside, 'not a key');
    chmodSync(outside, 0o644);
    symlinkSync(outside, path.join(ws, 'keys', 'link.txt'));
    const r = await cli(COMMANDS, ['ledger', 'verify', '--workspace', ws]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(modeOf(outside)).toBe(0o644);
  });

  it("the registry's database, which keeps its private key, is 0600 from the start and fixed when found looser", async () => {
    const db = path.join(tmp.dir, 'registry-new', 'registry.sqlite');
    const made = await cli(COMMANDS, ['registry', 'token', 'new', '--db', db, '--org', 'org-test']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toBe('');
    expect(modeOf(db)).toBe(0o600);
    expect(modeOf(path.dirname(db))).toBe(0o700);

    chmodSync(db, 0o644);
    const again = await cli(COMMANDS, ['registry', 'token', 'new', '--db', db, '--org', 'org-test']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(
      /^WARNING: keys under .* were readable by other users; made them private: registry\.sqlite 0644→0600$/,
    );
    expect(modeOf(db)).toBe(0o600);
  });
});
