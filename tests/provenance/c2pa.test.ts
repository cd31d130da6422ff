import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';

import { systemClock } from '../../src/clock/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isStudioError } from '../../src/errors/index.ts';
import {
  CERTIFICATE_FILES,
  checkSigningCertificate,
  createC2paSigner,
  DIGITAL_SOURCE_TYPE,
  ensureSigningIdentity,
  verifyC2pa,
  WATERMARK_ALGORITHM,
  type C2paSigner,
  type ManifestFacts,
  type SigningIdentity,
} from '../../src/provenance/index.ts';

const facts: ManifestFacts = {
  usageId: '0192f3a1-7b2c-7d4e-8f90-a1b2c3d4e5f6',
  usageCode: 'K7QX-29FD',
  twinId: 'tw_mannequin_01',
  licenceId: 'lic_0001',
  watermarkPayload: 'a1b2c3d4e5f6',
  title: 'K7QX-29FD.jpg',
};

/** Offset of a byte inside the compressed pixel data: after JPEG's SOS header, or inside PNG's last IDAT. */
function pixelByteOffset(bytes: Buffer, format: 'jpeg' | 'png'): number {
  if (format === 'jpeg') {
    const sos = bytes.lastIndexOf(Buffer.from([0xff, 0xda]));
    const scanStart = sos + 2 + bytes.readUInt16BE(sos + 2);
    const eoi = bytes.length - 2;
    if (eoi - scanStart < 4) throw new Error('JPEG scan too short to flip a byte in');
    return Math.floor((scanStart + eoi) / 2);
  }
  const idat = bytes.lastIndexOf(Buffer.from('IDAT', 'latin1'));
  return idat + 4 + Math.floor(bytes.readUInt32BE(idat - 4) / 2);
}

describe('C2PA Content Credentials', () => {
  let identity: SigningIdentity;
  let signer: C2paSigner;
  let dir: string;

  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'c2pa-')), 'certs');
    identity = await ensureSigningIdentity({ dir, orgName: 'Demo Studio', now: systemClock() });
    signer = await createC2paSigner({ identity, appVersion: '0.1.0' });
  });

  it('keeps the org CA and signing certificate as PEM files and loads the same identity again', async () => {
    expect(readdirSync(dir).sort()).toEqual(Object.values(CERTIFICATE_FILES).sort());
    const again = await ensureSigningIdentity({ dir, orgName: 'Other Name', now: systemClock() });
    expect(again.certificatePem).toBe(identity.certificatePem);
    const cert = new X509Certificate(readFileSync(join(dir, CERTIFICATE_FILES.signingCertificate)));
    const ca = new X509Certificate(readFileSync(join(dir, CERTIFICATE_FILES.caCertificate)));
    expect(cert.ca).toBe(false);
    expect(ca.ca).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.4');
  });

  it('refuses a CA certificate as the signing certificate', () => {
    const asCa = { ...identity, certificatePem: identity.chainPem[0]! };
    let code: string | undefined;
    try {
      checkSigningCertificate(asCa);
    } catch (error) {
      code = isStudioError(error) ? error.code : undefined;
    }
    expect(code).toBe('SIGNING_CERTIFICATE_INVALID');
  });

  it('refuses a signing key that is not a readable ECDSA P-256 key, saying which', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    for (const [privateKeyPem, says] of [
      ['-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n', 'could not be read'],
      [p384, 'ec on secp384r1'],
    ] as const) {
      await expect(
        createC2paSigner({ identity: { ...identity, privateKeyPem }, appVersion: '0.1.0' }),
      ).rejects.toMatchObject({ code: 'SIGNING_KEY_INVALID', message: expect.stringContaining(says) });
    }
  });

  for (const format of ['jpeg', 'png'] as const) {
    it(`signs ${format} and Adobe's reader (c2pa-rs in wasm) reports it valid, with an untrusted test signer`, async () => {
      const image = await sharp({
        create: {
          width: 96,
          height: 64,
          channels: 3,
          background: '#6a7b8c',
          noise: { type: 'gaussian', mean: 128, sigma: 30 },
        },
      })
        [format]()
        .toBuffer();
      const signed = await signer.sign(image, format, facts);
      const result = await verifyC2pa(signed, format);
      expect(result.present).toBe(true);
      expect(result.validationErrors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.untrustedSigner).toBe(true);
      expect(result.trusted).toBe(false);
      expect(result.validationState).toBe('Valid');
      expect(result.manifest?.claimGenerator).toBe('Twin Studio/0.1.0');
      expect(result.manifest?.actions).toEqual([
        { action: 'c2pa.created', digitalSourceType: DIGITAL_SOURCE_TYPE },
        { action: 'c2pa.watermarked' },
      ]);
      expect(result.manifest?.usage).toEqual({
        usageId: facts.usageId,
        usageCode: facts.usageCode,
        twinId: facts.twinId,
        licenceId: facts.licenceId,
      });
      expect(result.manifest?.softBinding).toEqual({ alg: WATERMARK_ALGORITHM, value: facts.watermarkPayload });
      expect(result.manifest?.signer).toMatchObject({ alg: 'Es256', commonName: 'Demo Studio Content Credentials' });

      // Given the org CA as a trust anchor, the same file is trusted: the signature chain itself is sound.
      const anchored = await verifyC2pa(signed, format, { trustAnchorsPem: identity.chainPem.join('') });
      expect(anchored).toMatchObject({
        valid: true,
        trusted: true,
        untrustedSigner: false,
        validationState: 'Trusted',
      });

      const flipped = Buffer.from(signed);
      const at = pixelByteOffset(flipped, format);
      expect(at).toBeLessThan(flipped.length - 2);
      flipped[at] = (flipped[at] as number) ^ 0x01;
      const broken = await verifyC2pa(flipped, format);
      expect(broken.present).toBe(true);
      expect(broken.valid).toBe(false);
      expect(broken.validationErrors.map((e) => e.code)).toContain('assertion.dataHash.mismatch');
    });
  }

  it('reports an absent manifest as absent, not as invalid', async () => {
    const plain = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    expect(await verifyC2pa(plain, 'jpeg')).toMatchObject({ present: false, valid: false });
  });

  it('says plainly that WebP cannot be signed with c2pa-ts', async () => {
    const webp = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } })
      .webp()
      .toBuffer();
    let code: string | undefined;
    try {
      await signer.sign(webp, 'webp', facts);
    } catch (error) {
      code = isStudioError(error) ? error.code : undefined;
    }
    expect(code).toBe('C2PA_FORMAT_UNSUPPORTED');
  });
});
