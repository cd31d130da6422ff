import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio } from '../../src/app/index.ts';
import { keysNew } from '../../src/cli/commands/keys.ts';
import { ledgerVerify } from '../../src/cli/commands/ledger.ts';
import { licenceImport, licenceIssue, licenceVerify } from '../../src/cli/commands/licence.ts';
import { policyCheck } from '../../src/cli/commands/policy.ts';
import { twinImport, twinPack, twinVerify } from '../../src/cli/commands/twin.ts';
import { publicPart, readKeyPairFile } from '../../src/crypto/index.ts';
import { signAsRegistry } from '../../src/licences/index.ts';
import type { OwnerList } from '../../src/trust/index.ts';
import { cli } from '../helpers/cli.ts';
import { makePackFolder, tempDir } from '../helpers/fixtures.ts';
import { fixtureClock } from '../helpers/clock.ts';

const COMMANDS = [
  keysNew,
  twinPack,
  twinVerify,
  twinImport,
  licenceIssue,
  licenceVerify,
  licenceImport,
  policyCheck,
  ledgerVerify,
];

describe('CLI: keys, packs, licences, policy', () => {
  const tmp = tempDir();
  const ws = path.join(tmp.dir, 'ws');
  const pack = path.join(tmp.dir, 'pack');
  const run = (...argv: string[]) => cli(COMMANDS, argv, { TWIN_STUDIO_HOME: ws });

  beforeAll(async () => {
    expect((await run('keys', 'new', '--out', path.join(tmp.dir, 'registry.key.json'))).code).toBe(0);
    const keyRun = await run('keys', 'new', '--out', path.join(tmp.dir, 'owner.key.json'), '--json');
    expect(keyRun.json()).toMatchObject({ keyId: expect.any(String) });
    // The workstation pins the registry key and the registry's signed owner list (enrolment does this later).
    const registryKey = readKeyPairFile(path.join(tmp.dir, 'registry.key.json'));
    const ownerKey = readKeyPairFile(path.join(tmp.dir, 'owner.key.json'));
    const studio = openStudio(ws, { now: fixtureClock, env: {} });
    studio.ws.trust.pinRegistryKey(publicPart(registryKey));
    studio.ws.trust.saveOwnerList(
      signAsRegistry(
        {
          format: 'owners/1' as const,
          issuedAt: '2026-01-01T00:00:00Z',
          owners: [{ ...publicPart(ownerKey), name: 'Owner', agency: 'Agency' }],
        },
        registryKey,
      ) as OwnerList,
    );
    studio.close();
    await makePackFolder(pack, ownerKey);
  });
  afterAll(() => tmp.cleanup());

  it('refuses to overwrite a key without --force, and reports usage errors with exit 2', async () => {
    const again = await run('keys', 'new', '--out', path.join(tmp.dir, 'owner.key.json'));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^FILE_EXISTS: /);
    expect((await run('keys', 'new')).code).toBe(2);
    expect((await run('twin', 'verify', pack, '--bogus')).code).toBe(2);
    expect((await run('no-such-command')).code).toBe(2);
  });

  it('signs a pack folder, zips it, verifies both, and fails with PACK_TAMPERED after one flipped byte', async () => {
    const zip = path.join(tmp.dir, 'twin.twinpack');
    const signed = await run(
      'twin',
      'pack',
      pack,
      '--key',
      path.join(tmp.dir, 'owner.key.json'),
      '--zip',
      zip,
      '--json',
    );
    expect(signed.code).toBe(0);
    expect(signed.json()).toMatchObject({ twinId: 'twin-test', files: 2 });

    const verified = await run('twin', 'verify', zip, '--json');
    expect(verified.code).toBe(0);
    expect(verified.json()).toMatchObject({ ok: true, twinId: 'twin-test', poses: ['front'] });
    expect((await run('twin', 'verify', pack)).stdout).toMatch(/^twin pack twin-test verified/);

    const file = path.join(pack, 'poses', 'front.json');
    const original = readFileSync(file);
    const flipped = Buffer.from(original);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    writeFileSync(file, flipped);
    const tampered = await run('twin', 'verify', pack);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^PACK_TAMPERED: File poses\/front\.json of twin pack twin-test/);
    writeFileSync(file, original);
  });

  it('issues a licence, refuses one that widens the consent, imports it, and checks shots against it', async () => {
    const common = [
      '--key',
      path.join(tmp.dir, 'registry.key.json'),
      '--pack',
      pack,
      '--org',
      'org-1',
      '--org-name',
      'Brand AB',
      '--brand',
      'Brand',
      '--product-lines',
      'womenswear',
      '--max-images',
      '2',
      '--fee',
      '3000',
      '--currency',
      'EUR',
    ];
    const out = path.join(tmp.dir, 'lic.json');
    const issued = await run(
      'licence',
      'issue',
      ...common,
      '--id',
      'lic-1',
      '--channels',
      'ecommerce',
      '--territories',
      'EU',
      '--from',
      '2026-06-01T00:00:00Z',
      '--until',
      '2027-06-01T00:00:00Z',
      '--out',
      out,
      '--json',
    );
    expect(issued.code, issued.stderr).toBe(0);
    expect((await run('licence', 'verify', out, '--pack', pack)).code).toBe(0);

    const wide = await run(
      'licence',
      'issue',
      ...common,
      '--id',
      'lic-2',
      '--channels',
      'broadcast',
      '--territories',
      'EU',
      '--from',
      '2026-06-01T00:00:00Z',
      '--until',
      '2027-06-01T00:00:00Z',
      '--out',
      path.join(tmp.dir, 'wide.json'),
    );
    expect(wide.code).toBe(1);
    expect(wide.stderr).toMatch(/^LICENCE_WIDENS_CONSENT: Licence lic-2 grants channel "broadcast"/);

    expect((await run('twin', 'import', pack)).code).toBe(0);
    expect((await run('licence', 'import', out)).code).toBe(0);
    const shot = path.join(tmp.dir, 'shot.json');
    writeFileSync(
      shot,
      JSON.stringify({
        format: 'shot/1',
        shotId: 'shot-1',
        name: 'Shot',
        scene: { sceneId: 'none' },
        twin: {
          twinId: 'twin-test',
          poseId: 'front',
          licenceId: 'lic-1',
          transform: { x: 0, y: 0, scale: 1, rotation: 0 },
        },
        garments: [],
        look: { shadow: 0.5, harmonize: 0.5 },
        output: { width: 512, height: 768 },
        use: { channel: 'ecommerce', territory: 'SE' },
      }),
    );
    const now = '2026-11-23T12:00:00Z';
    const allowed = await run('policy', 'check', '--shot', shot, '--at', now);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/^allowed: shot shot-1 under licence lic-1, 1 images left/);

    const cases: [string[], string][] = [
      [['--at', '2027-06-01T00:00:00Z'], 'LICENCE_EXPIRED'],
      [['--at', '2026-05-31T23:59:59Z'], 'LICENCE_NOT_YET_VALID'],
      [['--images', '3'], 'QUOTA_EXHAUSTED'],
    ];
    for (const [flags, code] of cases) {
      const refused = await run('policy', 'check', '--shot', shot, ...flags);
      expect(refused.code).toBe(1);
      expect(refused.stderr.split(':')[0]).toBe(code);
    }
    const json = await run('policy', 'check', '--shot', shot, '--at', '2027-06-01T00:00:00Z', '--json');
    expect(json.json()).toMatchObject({
      allowed: false,
      code: 'LICENCE_EXPIRED',
      rule: 'licence in force',
      facts: { validUntil: '2027-06-01T00:00:00Z' },
    });
  });

  it('verifies an empty ledger', async () => {
    const verified = await run('ledger', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toBe('ledger ok: 0 records (empty)');
  });
});
