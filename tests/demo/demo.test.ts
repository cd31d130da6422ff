import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { FIXTURE_NOW } from '../helpers/clock.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommands } from '../../src/cli/main.ts';
import type { DemoResult } from '../../src/demo/buildDemo.ts';
import { cli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

/** `twin-studio demo` end to end, then the refusal paths and tamper detection from the CLI, as a user runs them. */
describe('twin-studio demo', () => {
  const tmp = tempDir('twin-demo-');
  const out = path.join(tmp.dir, 'demo');
  const commands = createCommands();
  const run = (...argv: string[]) => cli(commands, argv, { TWIN_STUDIO_USER: 'tester' });
  let demo: DemoResult;

  beforeAll(async () => {
    const result = await run('demo', '--out', out, '--json');
    expect(result.code, result.stderr).toBe(0);
    demo = result.json<DemoResult>();
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('names what it wrote, with absolute paths', () => {
    expect(demo.workspace).toBe(out);
    expect(demo.twinPacks).toHaveLength(2);
    expect(demo.garments).toHaveLength(6);
    expect(demo.scenes.length).toBeGreaterThanOrEqual(5);
    expect(demo.shots.ok.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(demo.shots.refused).sort()).toEqual([
      'CATEGORY_EXCLUDED',
      'CHANNEL_NOT_LICENSED',
      'CONSENT_WITHDRAWN',
      'LICENCE_EXPIRED',
      'LICENCE_REVOKED',
      'TERRITORY_NOT_LICENSED',
    ]);
    expect(demo.licences.expired).toHaveLength(1);
    expect(demo.licences.revoked).toHaveLength(1);
    expect(demo.twinIds).toContain('ava-synthetic');
    expect(demo.licenceIds.valid).toContain('lic-ava-ecom-social');
    for (const p of [...demo.twinPacks, ...demo.garments, ...demo.scenes, ...demo.shots.ok, demo.registryDb])
      expect(path.isAbsolute(p)).toBe(true);
  });

  it.skipIf(process.platform === 'win32')(
    "keeps the owner's, the registry's and the workstation's private keys private (0600 in 0700)",
    () => {
      const modeOf = (file: string) => statSync(file).mode & 0o777;
      for (const dir of [path.join(out, 'source', 'keys'), path.join(out, 'keys'), path.dirname(demo.registryDb)])
        expect(modeOf(dir), dir).toBe(0o700);
      const secrets = [
        path.join(out, 'source', 'keys', 'owner.key.json'),
        path.join(out, 'source', 'keys', 'registry.key.json'),
        path.join(out, 'keys', 'workstation.key.json'),
        demo.registryDb,
      ];
      for (const file of secrets) expect(modeOf(file), file).toBe(0o600);
    },
  );

  it('refuses to overwrite a folder that is not empty', async () => {
    const again = await run('demo', '--out', out);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^DEMO_OUT_NOT_EMPTY: /);
  });

  it('verifies its pack, and one flipped byte in any pack file makes it PACK_TAMPERED', async () => {
    const [zip] = demo.twinPacks;
    expect((await run('twin', 'verify', zip!)).code).toBe(0);
    const folder = path.join(out, 'source', 'packs', 'ava-synthetic');
    for (const file of ['twin.json', 'poses/front.png', 'poses/walking.json']) {
      const full = path.join(folder, file);
      const original = readFileSync(full);
      const flipped = Buffer.from(original);
      const at = Math.floor(original.length / 3);
      flipped[at] = (flipped[at] ?? 0) ^ 0x04;
      writeFileSync(full, flipped);
      const result = await run('twin', 'verify', folder);
      expect(result.code, file).toBe(1);
      expect(result.stderr, file).toMatch(/^PACK_(TAMPERED|INVALID): /);
      if (file !== 'twin.json') expect(result.stderr, file).toMatch(/^PACK_TAMPERED: /);
      writeFileSync(full, original);
    }
    expect((await run('twin', 'verify', folder)).code).toBe(0);
  });

  it('reaches each refusal rule from the CLI with the demo shots and licences', async () => {
    for (const [code, shot] of Object.entries(demo.shots.refused)) {
      const result = await run('policy', 'check', '--shot', shot);
      expect(result.code, code).toBe(1);
      expect(result.stderr.split(':')[0], shot).toBe(code);
    }
    const ok = demo.shots.ok[0]!;
    expect((await run('policy', 'check', '--shot', ok)).code).toBe(0);
    const trialShot = JSON.parse(readFileSync(ok, 'utf8'));
    const trial = path.join(tmp.dir, 'trial.json');
    writeFileSync(
      trial,
      JSON.stringify({ ...trialShot, shotId: 'trial', twin: { ...trialShot.twin, licenceId: 'lic-ava-trial' } }),
    );
    expect((await run('policy', 'check', '--shot', trial, '--images', '2', '--workspace', out)).stderr).toMatch(
      /^QUOTA_EXHAUSTED: /,
    );
    const farFuture = new Date(FIXTURE_NOW.getTime() + 5 * 86_400_000).toISOString();
    expect((await run('policy', 'check', '--shot', ok, '--at', farFuture)).stderr).toMatch(/^LEASE_EXPIRED: /);
  });

  it('turns an imported pack edited on disk into a PACK_TAMPERED refusal', async () => {
    const pose = path.join(out, 'twins', 'ava-synthetic', 'poses', 'front.json');
    const original = readFileSync(pose, 'utf8');
    writeFileSync(pose, original.replace('"x": ', '"x": 1'));
    const result = await run('policy', 'check', '--shot', demo.shots.ok[0]!);
    expect(result.stderr).toMatch(/^PACK_TAMPERED: /);
    writeFileSync(pose, original);
  });
});
