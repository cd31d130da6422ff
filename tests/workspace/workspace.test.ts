import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicPart } from '../../src/crypto/index.ts';
import { signAsRegistry } from '../../src/licences/index.ts';
import {
  createWorkspace,
  defaultWorkspaceDir,
  evaluateShotPolicy,
  resolveWorkspaceDir,
  type Workspace,
} from '../../src/workspace/index.ts';
import { makeLicence, makePackFolder, makeTrust, tempDir, type TrustFixture } from '../helpers/fixtures.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

describe('workspace location', () => {
  it('prefers --workspace, then TWIN_STUDIO_HOME, then the OS app-data folder', () => {
    expect(resolveWorkspaceDir('/tmp/a', { TWIN_STUDIO_HOME: '/tmp/b' })).toBe('/tmp/a');
    expect(resolveWorkspaceDir(undefined, { TWIN_STUDIO_HOME: '/tmp/b' })).toBe('/tmp/b');
    expect(defaultWorkspaceDir('linux', { XDG_DATA_HOME: '/x' }, '/home/u')).toBe('/x/twin-studio');
    expect(defaultWorkspaceDir('linux', {}, '/home/u')).toBe('/home/u/.local/share/twin-studio');
    expect(defaultWorkspaceDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/Twin Studio');
    expect(defaultWorkspaceDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toContain(
      'Twin Studio',
    );
  });
});

describe('workspace', () => {
  let tmp: ReturnType<typeof tempDir>;
  let fx: TrustFixture;
  let ws: Workspace;
  let packDir: string;

  beforeEach(async () => {
    tmp = tempDir();
    fx = makeTrust();
    ws = createWorkspace(path.join(tmp.dir, 'ws'), () => NOW);
    ws.trust.pinRegistryKey(publicPart(fx.registryKey));
    ws.trust.saveOwnerList(fx.ownerList);
    packDir = path.join(tmp.dir, 'pack');
    await makePackFolder(packDir, fx.ownerKey);
  });
  afterEach(() => {
    ws.close();
    tmp.cleanup();
  });

  it('keeps its identity and data across reopen, with migrations applied once', async () => {
    await ws.twins.import(packDir);
    const id = ws.workspaceId;
    ws.close();
    ws = createWorkspace(path.join(tmp.dir, 'ws'), () => NOW);
    expect(ws.workspaceId).toBe(id);
    expect(ws.twins.list().map((t) => t.twinId)).toEqual(['twin-test']);
    expect(ws.db.prepare("SELECT version FROM schema_migrations WHERE domain = 'workspace'").get()).toEqual({
      version: 1,
    });
  });

  it('imports packs and licences, and re-verifies the pack on every load', async () => {
    const twin = await ws.twins.import(packDir);
    expect(twin).toMatchObject({ twinId: 'twin-test', displayName: 'Test Mannequin' });
    const pack = await ws.twins.load('twin-test');
    const licence = await ws.licences.import(makeLicence(fx.registryKey, pack.manifest));
    expect(ws.licences.get(licence.licenceId).maxImages).toBe(100);

    const imported = path.join(ws.layout.twin('twin-test'), 'poses', 'front.json');
    writeFileSync(imported, readFileSync(imported, 'utf8').replace('"x":10', '"x":11'));
    await expect(ws.twins.load('twin-test')).rejects.toMatchObject({
      code: 'PACK_TAMPERED',
      details: { file: 'poses/front.json' },
    });
  });

  it('refuses a licence for a twin it does not hold, and a revocation signed by a stranger', async () => {
    const manifest = await makePackFolder(path.join(tmp.dir, 'other'), fx.ownerKey, { twinId: 'twin-other' });
    await expect(ws.licences.import(makeLicence(fx.registryKey, manifest))).rejects.toMatchObject({
      code: 'TWIN_NOT_FOUND',
    });
    await expect(ws.licences.import({ nonsense: true })).rejects.toMatchObject({ code: 'LICENCE_INVALID' });
    const stranger = makeTrust().registryKey;
    const revocation = signAsRegistry(
      {
        format: 'revocation/1' as const,
        revocationId: 'rev-x',
        licenceId: 'lic-test-1',
        revokedAt: '2026-09-01T00:00:00Z',
        reason: 'x',
      },
      stranger,
    );
    expect(() => ws.licences.addRevocation(revocation)).toThrow(
      expect.objectContaining({ code: 'REVOCATION_SIGNER_UNKNOWN' }),
    );
  });

  it('refuses an owner list the pinned registry did not sign', () => {
    const other = makeTrust();
    expect(() => ws.trust.saveOwnerList(other.ownerList)).toThrow(
      expect.objectContaining({ code: 'OWNER_LIST_SIGNER_UNKNOWN' }),
    );
  });

  it('evaluates a shot against the gate, and a tampered pack becomes a refusal', async () => {
    await ws.twins.import(packDir);
    const pack = await ws.twins.load('twin-test');
    await ws.licences.import(makeLicence(fx.registryKey, pack.manifest));
    const shot = ws.shots.save({
      format: 'shot/2',
      revision: 0,
      shotId: 'shot-1',
      name: 'Shot 1',
      scene: { sceneId: 'scene-x' },
      twin: {
        twinId: 'twin-test',
        poseId: 'front',
        licenceId: 'lic-test-1',
        transform: { x: 10, y: 10, scale: 1, rotation: 0 },
        hidden: false,
      },
      garments: [],
      look: { shadow: 0.5, harmonize: 0.5 },
      output: { width: 256, height: 384 },
      use: { channel: 'ecommerce', territory: 'SE' },
      sku: '',
      labels: {},
    });
    const usage = { imagesUsed: () => 3, checkIntegrity: () => ({ ok: true }) as const };
    expect(await evaluateShotPolicy(ws, shot, usage)).toMatchObject({ allowed: true, imagesLeft: 96 });
    expect(
      await evaluateShotPolicy(
        ws,
        { ...shot, garments: [{ garmentId: 'nope', z: 0, fit: 'tps', hidden: false }] },
        usage,
      ),
    ).toMatchObject({
      allowed: false,
      code: 'GARMENT_NOT_FOUND',
    });
    writeFileSync(path.join(ws.layout.twin('twin-test'), 'poses', 'front.png'), 'broken');
    expect(await evaluateShotPolicy(ws, shot, usage)).toMatchObject({
      allowed: false,
      code: 'PACK_TAMPERED',
      facts: { file: 'poses/front.png' },
    });
  });

  it('migrates an older shot document on read', () => {
    writeFileSync(
      ws.layout.shot('old'),
      JSON.stringify({
        shotId: 'old',
        name: 'Old draft',
        scene: { sceneId: 's1' },
        twin: { twinId: 't1', poseId: 'front', licenceId: 'l1', transform: { x: 1, y: 2, scale: 1, rotation: 0 } },
        garments: [{ garmentId: 'g1', z: 0 }],
        output: { width: 512, height: 768 },
      }),
    );
    const shot = ws.shots.load('old');
    expect(shot).toMatchObject({
      format: 'shot/2',
      revision: 0,
      look: { shadow: 0.6, harmonize: 0.5 },
      use: { channel: 'ecommerce', territory: 'EU' },
      garments: [{ fit: 'tps', hidden: false }],
    });
    writeFileSync(ws.layout.shot('bad'), '{"format":"shot/9"}');
    expect(() => ws.shots.load('bad')).toThrow(expect.objectContaining({ code: 'SHOT_FORMAT_UNKNOWN' }));
  });
});
