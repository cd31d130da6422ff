import { mkdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/crypto/index.ts';
import { StudioError } from '../../src/errors/index.ts';
import { PACK_LIMITS, signPackFolder, verifyPack, zipPackFolder, type PackManifest } from '../../src/twins/index.ts';
import { makePackFolder, makeTrust, tempDir, type TrustFixture } from '../helpers/fixtures.ts';
import { craftZip, type CraftedMember } from '../helpers/zipCraft.ts';

async function refusal(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('expected the pack to be refused');
}

describe('verifyPack', () => {
  let tmp: ReturnType<typeof tempDir>;
  let fx: TrustFixture;
  let packDir: string;
  let manifest: PackManifest;

  beforeEach(async () => {
    tmp = tempDir();
    fx = makeTrust();
    packDir = path.join(tmp.dir, 'pack');
    manifest = await makePackFolder(packDir, fx.ownerKey);
  });
  afterEach(() => tmp.cleanup());

  it('accepts a signed folder pack and its zip, with poses and keypoints', async () => {
    const pack = await verifyPack(packDir, fx.trust);
    expect(pack.manifest.twinId).toBe('twin-test');
    expect(pack.owner.name).toBe('Test Owner');
    expect(pack.poses).toHaveLength(1);
    expect(pack.poses[0]).toMatchObject({ poseId: 'front', width: 48, height: 96 });
    expect(pack.poses[0]?.keypoints.left_ankle).toBeDefined();

    const zip = path.join(tmp.dir, 'test.twinpack');
    zipPackFolder(packDir, zip);
    const fromZip = await verifyPack(zip, fx.trust);
    expect(fromZip.manifestSha256).toBe(pack.manifestSha256);
  });

  it('refuses a flipped byte in any file, naming the file', async () => {
    for (const file of ['poses/front.png', 'poses/front.json', 'twin.json']) {
      const full = path.join(packDir, file);
      const original = readFileSync(full);
      const flipped = Buffer.from(original);
      const at = file === 'twin.json' ? original.indexOf('Test Mannequin') : Math.floor(original.length / 2);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      writeFileSync(full, flipped);
      const error = await refusal(verifyPack(packDir, fx.trust));
      expect(error.code).toBe('PACK_TAMPERED');
      expect(error.details.file).toBe(file);
      writeFileSync(full, original);
    }
    await expect(verifyPack(packDir, fx.trust)).resolves.toBeDefined();
  });

  it('refuses a flipped byte inside a .twinpack zip', async () => {
    const zip = path.join(tmp.dir, 'test.twinpack');
    zipPackFolder(packDir, zip);
    const bytes = readFileSync(zip);
    // Flip a byte in the stored data of the first entry (past its 30-byte local header and name).
    bytes[60] = (bytes[60] ?? 0) ^ 0xff;
    writeFileSync(zip, bytes);
    const error = await refusal(verifyPack(zip, fx.trust));
    expect(['PACK_TAMPERED', 'PACK_INVALID']).toContain(error.code);
  });

  it('refuses a truncated zip as PACK_INVALID', async () => {
    const zip = path.join(tmp.dir, 'test.twinpack');
    zipPackFolder(packDir, zip);
    truncateSync(zip, Math.floor(statSync(zip).size / 2));
    const error = await refusal(verifyPack(zip, fx.trust));
    expect(error.code).toBe('PACK_INVALID');
    expect(error.message).toMatch(/truncated or corrupt/);
  });

  it('refuses a missing file and an unlisted extra file', async () => {
    rmSync(path.join(packDir, 'poses', 'front.json'));
    let error = await refusal(verifyPack(packDir, fx.trust));
    expect(error).toMatchObject({ code: 'PACK_TAMPERED', details: { file: 'poses/front.json', reason: 'missing' } });

    await makePackFolder(packDir, fx.ownerKey);
    writeFileSync(path.join(packDir, 'poses', 'extra.png'), 'x');
    error = await refusal(verifyPack(packDir, fx.trust));
    expect(error).toMatchObject({ code: 'PACK_TAMPERED', details: { file: 'poses/extra.png', reason: 'unlisted' } });
  });

  it('refuses a pack signed by a key that is not on the owner list', async () => {
    await makePackFolder(packDir, generateKeyPair());
    const error = await refusal(verifyPack(packDir, fx.trust));
    expect(error.code).toBe('PACK_OWNER_UNKNOWN');
  });

  it('refuses malformed manifests and keypoints, naming the field', async () => {
    writeFileSync(path.join(packDir, 'twin.json'), '{ not json');
    let error = await refusal(verifyPack(packDir, fx.trust));
    expect(error).toMatchObject({ code: 'PACK_INVALID', details: { file: 'twin.json' } });

    const bad = { ...manifest, consent: { ...manifest.consent, validUntil: 'next year' } };
    writeFileSync(path.join(packDir, 'twin.json'), JSON.stringify(bad));
    error = await refusal(verifyPack(packDir, fx.trust));
    expect(error.code).toBe('PACK_INVALID');
    expect(error.details.fields).toContain('consent.validUntil');

    // Keypoints missing a COCO-17 point, re-signed so only the content is wrong.
    await makePackFolder(packDir, fx.ownerKey);
    const kp = JSON.parse(readFileSync(path.join(packDir, 'poses', 'front.json'), 'utf8'));
    delete kp.keypoints.left_knee;
    writeFileSync(path.join(packDir, 'poses', 'front.json'), JSON.stringify(kp));
    const { files: _f, ownerKeyId: _o, signature: _s, ...draft } = manifest;
    signPackFolder(packDir, draft, fx.ownerKey);
    error = await refusal(verifyPack(packDir, fx.trust));
    expect(error).toMatchObject({ code: 'PACK_INVALID', details: { file: 'poses/front.json' } });
    expect(error.message).toMatch(/left_knee/);
  });

  it("accepts a front-parts mask the pose image's size (optional: the pack without one verifies too), and refuses another size", async () => {
    const { files: _f, ownerKeyId: _o, signature: _s, ...draft } = manifest;
    expect((await verifyPack(packDir, fx.trust)).poses[0]?.front).toBeUndefined();
    const mask = (width: number, height: number): Promise<Buffer> =>
      sharp({ create: { width, height, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } } })
        .png()
        .toBuffer();
    const withFront = { ...draft, poses: draft.poses.map((p) => ({ ...p, front: 'poses/front.front.png' })) };
    writeFileSync(path.join(packDir, 'poses', 'front.front.png'), await mask(48, 96));
    signPackFolder(packDir, withFront, fx.ownerKey);
    expect((await verifyPack(packDir, fx.trust)).poses[0]?.front).toBe('poses/front.front.png');

    writeFileSync(path.join(packDir, 'poses', 'front.front.png'), await mask(48, 95));
    signPackFolder(packDir, withFront, fx.ownerKey);
    const error = await refusal(verifyPack(packDir, fx.trust));
    expect(error).toMatchObject({ code: 'PACK_INVALID', details: { file: 'poses/front.front.png' } });
    expect(error.message).toMatch(/48×96/);

    // Named by the pose but missing from the signed file list.
    rmSync(path.join(packDir, 'poses', 'front.front.png'));
    signPackFolder(packDir, withFront, fx.ownerKey);
    expect(await refusal(verifyPack(packDir, fx.trust))).toMatchObject({
      code: 'PACK_INVALID',
      details: { file: 'poses/front.front.png' },
    });
  });

  it('refuses a pose image that is not a decodable RGBA PNG', async () => {
    writeFileSync(path.join(packDir, 'poses', 'front.png'), Buffer.from('89504e470d0a1a0a00000000', 'hex'));
    const { files: _f, ownerKeyId: _o, signature: _s, ...draft } = manifest;
    signPackFolder(packDir, draft, fx.ownerKey);
    const error = await refusal(verifyPack(packDir, fx.trust));
    expect(error).toMatchObject({ code: 'IMAGE_CORRUPT', details: { file: 'poses/front.png' } });
  });

  it('refuses symbolic links and unsafe zip paths', async () => {
    symlinkSync('/etc/passwd', path.join(packDir, 'poses', 'link.png'));
    const error = await refusal(verifyPack(packDir, fx.trust));
    expect(error).toMatchObject({ code: 'PACK_INVALID', details: { file: 'poses/link.png' } });
  });

  it('refuses an oversized pack before reading it: too many files, or a file over the size limit', async () => {
    const many = path.join(tmp.dir, 'many');
    mkdirSync(many);
    for (let i = 0; i <= PACK_LIMITS.maxFiles; i++) writeFileSync(path.join(many, `f${i}.txt`), 'x');
    let error = await refusal(verifyPack(many, fx.trust));
    expect(error).toMatchObject({ code: 'PACK_TOO_LARGE' });

    const big = path.join(packDir, 'poses', 'huge.bin');
    writeFileSync(big, '');
    truncateSync(big, PACK_LIMITS.maxFileBytes + 1);
    error = await refusal(verifyPack(packDir, fx.trust));
    expect(error).toMatchObject({ code: 'PACK_TOO_LARGE', details: { file: 'poses/huge.bin' } });
  });

  describe('a .twinpack zip that lies', () => {
    const PACK_FILES = ['twin.json', 'poses/front.json', 'poses/front.png'];
    const members = (): CraftedMember[] =>
      PACK_FILES.map((name) => ({ name, data: readFileSync(path.join(packDir, name)) }));
    const twinTest = { manifest: { twinId: 'twin-test' } };
    const writeZip = (list: CraftedMember[]) => {
      const zip = path.join(tmp.dir, 'crafted.twinpack');
      writeFileSync(zip, craftZip(list));
      return zip;
    };

    it('reads an honest hand-made zip, with and without zip64 sizes', async () => {
      await expect(verifyPack(writeZip(members()), fx.trust)).resolves.toMatchObject(twinTest);
      const zip64 = members().map((m) => ({ ...m, zip64Size: m.data.byteLength }));
      await expect(verifyPack(writeZip(zip64), fx.trust)).resolves.toMatchObject(twinTest);
    });

    it('refuses a duplicate entry (two twin.json) instead of letting the last one win', async () => {
      const forged = { ...manifest, displayName: 'Someone else' };
      const list = [...members(), { name: 'twin.json', data: Buffer.from(JSON.stringify(forged)) }];
      const error = await refusal(verifyPack(writeZip(list), fx.trust));
      expect(error).toMatchObject({ code: 'PACK_INVALID', details: { file: 'twin.json', reason: 'duplicate' } });
      expect(error.message).toMatch(/holds twin\.json twice/);
    });

    it('stops inflating a member at its declared size', async () => {
      // 48 MiB of zeros deflate to ~48 KiB; the header claims 1000 bytes.
      const bomb = { name: 'poses/front.png', data: Buffer.alloc(48 * 1024 * 1024), declaredSize: 1000 };
      const error = await refusal(verifyPack(writeZip([...members().slice(0, 2), bomb]), fx.trust));
      expect(error).toMatchObject({ code: 'PACK_INVALID', details: { file: 'poses/front.png', declared: 1000 } });
      expect(error.message).toMatch(/inflates to more than the 1000 bytes it declares/);
    });

    it('refuses a member that inflates to less than it declares, or fails its CRC', async () => {
      const longer = (m: CraftedMember) => ({ ...m, declaredSize: m.data.byteLength + 10 });
      const short = members().map((m) => (m.name === 'poses/front.json' ? longer(m) : m));
      const error = await refusal(verifyPack(writeZip(short), fx.trust));
      expect(error).toMatchObject({ code: 'PACK_INVALID', details: { file: 'poses/front.json' } });
      expect(error.message).toMatch(/inflates to \d+ bytes but declares \d+/);
    });

    it("refuses two entries that share one member's data (an overlapping zip bomb)", async () => {
      const png = members().find((m) => m.name === 'poses/front.png')!;
      const list = [...members(), { ...png, name: 'poses/copy.png', sameDataAs: 2 }];
      const error = await refusal(verifyPack(writeZip(list), fx.trust));
      expect(error).toMatchObject({ code: 'PACK_INVALID', details: { reason: 'overlap' } });
    });

    it('reports the real size behind a zip64 placeholder, never 4294967295', async () => {
      const real = PACK_LIMITS.maxFileBytes + 1;
      const huge = members().map((m) => (m.name === 'poses/front.png' ? { ...m, zip64Size: real } : m));
      let error = await refusal(verifyPack(writeZip(huge), fx.trust));
      expect(error).toMatchObject({ code: 'PACK_TOO_LARGE', details: { file: 'poses/front.png', bytes: real } });
      expect(error.message).toContain(String(real));
      expect(error.message).not.toContain('4294967295');

      const placeholder = (m: CraftedMember) => ({ ...m, zip64Size: 'missing' as const });
      const missing = members().map((m) => (m.name === 'poses/front.png' ? placeholder(m) : m));
      error = await refusal(verifyPack(writeZip(missing), fx.trust));
      expect(error).toMatchObject({ code: 'PACK_INVALID', details: { file: 'poses/front.png' } });
      expect(error.message).toMatch(/zip64 placeholder/);
    });
  });

  it('refuses a pack that is not there', async () => {
    const error = await refusal(verifyPack(path.join(tmp.dir, 'nope'), fx.trust));
    expect(error.code).toBe('PACK_NOT_FOUND');
  });
});
