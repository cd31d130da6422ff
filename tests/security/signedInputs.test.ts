import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { duplicateKeyIn } from '../../src/crypto/index.ts';
import { readJsonArg } from '../../src/cli/jsonFile.ts';
import { verifyLicence } from '../../src/licences/index.ts';
import { resolveWorkspaceImage } from '../../src/paths/index.ts';
import { makeLicence, makePackFolder, makeTrust, tempDir } from '../helpers/fixtures.ts';

describe('signed JSON with a repeated key', () => {
  const tmp = tempDir('twin-dupkeys-');
  afterAll(() => tmp.cleanup());

  it('finds a repeated key at any depth, after unescaping, and nothing else', () => {
    expect(duplicateKeyIn('{"a":1,"b":{"c":[{"d":1},{"d":2}]},"e":"\\"a\\":{"}')).toBeNull();
    expect(duplicateKeyIn('{"a":1,"a":2}')).toBe('a');
    expect(duplicateKeyIn('{"x":{"y":[1,{"k":"v","k":"w"}]}}')).toBe('k');
    expect(duplicateKeyIn('{"a":1,"\\u0061":2}')).toBe('a');
    expect(duplicateKeyIn('[{"a":1},{"a":1}]')).toBeNull();
  });

  it('a licence file whose first maxImages differs from the signed one is refused, not verified', async () => {
    const trust = makeTrust();
    const manifest = await makePackFolder(path.join(tmp.dir, 'pack'), trust.ownerKey);
    const licence = makeLicence(trust.registryKey, manifest);
    const text = JSON.stringify(licence);
    // A reader that keeps the first key sees a billion images; JSON.parse keeps the last, the signed 100.
    const forged = text.replace('{', '{"maxImages":1000000000,');
    const file = path.join(tmp.dir, 'forged.licence.json');
    writeFileSync(file, forged);
    expect(JSON.parse(forged).maxImages).toBe(licence.maxImages);
    expect(() => verifyLicence(readJsonArg(file, 'LICENCE_INVALID', 'licence'), manifest, trust.trust)).toThrow(
      expect.objectContaining({
        code: 'LICENCE_INVALID',
        details: expect.objectContaining({ duplicateKey: 'maxImages' }),
      }),
    );
  });
});

describe('/files/ resolves links before it checks', () => {
  const tmp = tempDir('twin-files-');
  afterAll(() => tmp.cleanup());

  it('refuses a link named .png whose target is not an image, and an image root linked to the workspace', () => {
    const ws = path.join(tmp.dir, 'ws');
    mkdirSync(path.join(ws, 'outputs'), { recursive: true });
    mkdirSync(path.join(ws, 'keys'), { recursive: true });
    writeFileSync(path.join(ws, 'keys', 'workstation.key.json'), '{"privateKeyPem":"secret"}');
    writeFileSync(path.join(ws, 'outputs', 'render.png'), 'png');
    writeFileSync(path.join(ws, 'outputs', 'render.json'), '{}');
    symlinkSync(path.join(ws, 'outputs', 'render.json'), path.join(ws, 'outputs', 'sidecar.png'));
    expect(resolveWorkspaceImage(ws, 'outputs/render.png').contentType).toBe('image/png');
    expect(() => resolveWorkspaceImage(ws, 'outputs/sidecar.png')).toThrow(
      expect.objectContaining({ code: 'PATH_OUTSIDE_ROOT' }),
    );

    // catalog/ is a link back to the workspace: a .png-named link to the key would sit "inside" it.
    symlinkSync(ws, path.join(ws, 'catalog'));
    symlinkSync(path.join(ws, 'keys', 'workstation.key.json'), path.join(ws, 'key.png'));
    expect(() => resolveWorkspaceImage(ws, 'catalog/key.png')).toThrow(
      expect.objectContaining({ code: 'PATH_OUTSIDE_ROOT' }),
    );
    expect(() => resolveWorkspaceImage(ws, 'catalog/outputs/render.png')).toThrow(
      expect.objectContaining({ code: 'PATH_OUTSIDE_ROOT' }),
    );
  });
});
