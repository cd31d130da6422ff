import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPack, readPackDraft } from '../../src/app/packBuilder.ts';
import { generateKeyPair, writeKeyPairFile, type KeyPairFile } from '../../src/crypto/index.ts';
import type { OwnerKey, TrustStore } from '../../src/trust/index.ts';
import { verifyPack } from '../../src/twins/index.ts';
import { mannequinCutout } from '../helpers/posePhotos.ts';

/** What a workstation trusts: here just a list of owner keys (the registry's signing of that list is tested elsewhere). */
const trusting = (...owners: OwnerKey[]): TrustStore => ({
  registryKey: () => undefined,
  registryKeys: () => [],
  ownerKey: (keyId) => owners.find((o) => o.keyId === keyId),
});

const consent = {
  consentId: 'cons_ida_2026',
  grantedAt: '2026-01-01T00:00:00Z',
  noticeGivenAt: '2025-12-01T00:00:00Z',
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2028-12-31T00:00:00Z',
  scope: {
    channels: ['ecommerce'],
    territories: ['EU'],
    advertisers: [],
    productLines: ['womenswear'],
    purposes: ['catalogue'],
  },
  prohibited: { categories: ['lingerie'], alterations: ['age'] },
  compensation: { perImage: 800, currency: 'EUR', paymentTermsDays: 30 },
  representation: { kind: 'agency', name: 'Northlight Models' },
  trainingConsent: false,
  revocable: true,
  governingLaw: 'NL',
  documentSha256: 'b'.repeat(64),
};
const draft = {
  twinId: 'tw_ida',
  displayName: 'Ida',
  owner: { name: 'Ida Model', agency: 'Northlight Models' },
  consent,
};

describe('pack builder: sign what twin verify accepts, refuse what it refuses with the same codes', () => {
  let dir: string;
  let key: KeyPairFile;
  let keyPath: string;
  let png: Buffer;
  let keypoints: Record<string, { x: number; y: number }>;
  let size: { width: number; height: number };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'packbuilder-'));
    key = generateKeyPair();
    keyPath = path.join(dir, 'owner.key.json');
    writeKeyPairFile(keyPath, key);
    const cut = await mannequinCutout('front');
    size = { width: cut.image.width, height: cut.image.height };
    png = await sharp(Buffer.from(cut.image.data), { raw: { ...size, channels: 4 } })
      .png()
      .toBuffer();
    keypoints = cut.keypoints;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const packWith = (name: string, image: Buffer, points = keypoints): string => {
    const pack = path.join(dir, name);
    mkdirSync(path.join(pack, 'poses'), { recursive: true });
    writeFileSync(path.join(pack, 'poses', 'front.png'), image);
    writeFileSync(
      path.join(pack, 'poses', 'front.json'),
      JSON.stringify({ poseId: 'front', ...size, keypoints: points }),
    );
    return pack;
  };

  it('signs a folder of saved poses with the form fields; twin verify accepts it once the owner is trusted', async () => {
    const pack = packWith('good', png);
    expect(readPackDraft(pack)).toEqual({ packDir: pack, draft: null, signed: false, poses: ['front'] });
    const built = await buildPack({ packDir: pack, keyPath, draft }, trusting());
    expect(built).toMatchObject({ twinId: 'tw_ida', ownerKeyId: key.keyId, poses: ['front'], ownerTrusted: false });
    const owner = { keyId: key.keyId, publicKeyPem: key.publicKeyPem, name: 'Ida Model', agency: 'Northlight Models' };
    const verified = await verifyPack(pack, trusting(owner));
    expect(verified.manifest.consent.consentId).toBe('cons_ida_2026');
    expect(readPackDraft(pack)).toMatchObject({ signed: true, draft: { twinId: 'tw_ida' } });
  });

  it("signs a pose's front-parts mask with it (the Ingest view's front brush); twin verify accepts it", async () => {
    const pack = packWith('front-parts', png);
    const mask = await sharp({ create: { ...size, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } } })
      .png()
      .toBuffer();
    writeFileSync(path.join(pack, 'poses', 'front.front.png'), mask);
    await buildPack({ packDir: pack, keyPath, draft }, trusting());
    const owner = { keyId: key.keyId, publicKeyPem: key.publicKeyPem, name: 'Ida Model', agency: 'Northlight Models' };
    const verified = await verifyPack(pack, trusting(owner));
    expect(verified.manifest.poses).toEqual([
      expect.objectContaining({ poseId: 'front', front: 'poses/front.front.png' }),
    ]);
  });

  it('refuses an RGB pose image with PACK_INVALID, as twin verify does, and writes no twin.json', async () => {
    const rgb = await sharp(png).flatten({ background: '#808080' }).png().toBuffer();
    const pack = packWith('rgb', rgb);
    await expect(buildPack({ packDir: pack, keyPath, draft }, trusting())).rejects.toMatchObject({
      code: 'PACK_INVALID',
      message: expect.stringContaining('must be an RGBA PNG cut-out'),
    });
    expect(existsSync(path.join(pack, 'twin.json'))).toBe(false);
  });

  it('refuses a keypoint outside the image, and a consent that ends before it starts, naming the field', async () => {
    const pack = packWith('outside', png, { ...keypoints, nose: { x: -4, y: 10 } });
    const trust = trusting();
    await expect(buildPack({ packDir: pack, keyPath, draft }, trust)).rejects.toMatchObject({
      code: 'PACK_INVALID',
      details: expect.objectContaining({ field: 'keypoints.nose' }),
    });
    const good = packWith('dates', png);
    writeFileSync(path.join(good, 'twin.json'), '{"twinId":"tw_ida","poses":[{"poseId":"front","name":"Front"}]}');
    const backwards = { ...draft, consent: { ...consent, validUntil: '2025-06-01T00:00:00Z' } };
    await expect(buildPack({ packDir: good, keyPath, draft: backwards }, trust)).rejects.toMatchObject({
      code: 'PACK_INVALID',
      message: expect.stringContaining('validFrom must be before validUntil'),
    });
    // The draft a user was working on stays as it was.
    expect(readFileSync(path.join(good, 'twin.json'), 'utf8')).toContain('"name":"Front"');
  });
});
