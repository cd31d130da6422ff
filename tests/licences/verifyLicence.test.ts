import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/crypto/index.ts';
import { StudioError } from '../../src/errors/index.ts';
import { signAsRegistry, verifyLicence, verifyRevocation, verifyWithdrawal } from '../../src/licences/index.ts';
import type { PackManifest } from '../../src/twins/index.ts';
import {
  licenceDraft,
  makeLicence,
  makePackFolder,
  makeTrust,
  tempDir,
  type TrustFixture,
} from '../helpers/fixtures.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return (error as StudioError).code;
  }
  return 'ACCEPTED';
}

describe('licence import', () => {
  let fx: TrustFixture;
  let manifest: PackManifest;

  beforeAll(async () => {
    fx = makeTrust();
    const tmp = tempDir();
    manifest = await makePackFolder(tmp.dir, fx.ownerKey);
    tmp.cleanup();
  });

  it('accepts a licence inside its consent', () => {
    const licence = verifyLicence(makeLicence(fx.registryKey, manifest), manifest, fx.trust);
    expect(licence.licenceId).toBe('lic-test-1');
  });

  it.each([
    ['a channel the consent lacks', { channels: ['ecommerce', 'broadcast'] }, 'channel'],
    ['a territory the consent lacks', { territories: ['EU', 'JP'] }, 'territory'],
    ['a start before the consent', { validFrom: '2025-12-31T23:59:59Z' }, 'validFrom'],
    ['an end after the consent', { validUntil: '2028-01-01T00:00:01Z' }, 'validUntil'],
    [
      'a product line the consent lacks',
      { licensee: { orgId: 'org-brand', name: 'B', brand: 'B', productLines: ['menswear'] } },
      'product line',
    ],
    ['a prohibited garment category', { garmentCategories: ['top', 'swimwear'] }, 'garment category'],
    ['a lower fee than the consent', { fee: { perImage: 100, currency: 'EUR' } }, 'fee per image'],
    ['another currency', { fee: { perImage: 3000, currency: 'USD' } }, 'fee currency'],
  ] as const)('refuses a licence that widens its consent: %s', (_name, overrides, field) => {
    const licence = makeLicence(fx.registryKey, manifest, overrides as never);
    try {
      verifyLicence(licence, manifest, fx.trust);
      expect.unreachable('should refuse');
    } catch (error) {
      expect(error).toMatchObject({ code: 'LICENCE_WIDENS_CONSENT', details: { field } });
    }
  });

  it('accepts a member state under an EU consent, and refuses EU under a consent for one member state', async () => {
    expect(
      codeOf(() =>
        verifyLicence(makeLicence(fx.registryKey, manifest, { territories: ['DE', 'FR'] }), manifest, fx.trust),
      ),
    ).toBe('ACCEPTED');
    const tmp = tempDir();
    const narrow = await makePackFolder(tmp.dir, fx.ownerKey, {
      consent: { ...manifest.consent, scope: { ...manifest.consent.scope, territories: ['DE'] } },
    });
    tmp.cleanup();
    expect(
      codeOf(() => verifyLicence(makeLicence(fx.registryKey, narrow, { territories: ['EU'] }), narrow, fx.trust)),
    ).toBe('LICENCE_WIDENS_CONSENT');
  });

  it('refuses an unknown signer, a tampered licence, a wrong twin or consent, and malformed input', () => {
    expect(codeOf(() => verifyLicence(makeLicence(generateKeyPair(), manifest), manifest, fx.trust))).toBe(
      'LICENCE_SIGNER_UNKNOWN',
    );
    expect(
      codeOf(() =>
        verifyLicence({ ...makeLicence(fx.registryKey, manifest), maxImages: 1_000_000 }, manifest, fx.trust),
      ),
    ).toBe('LICENCE_TAMPERED');
    expect(
      codeOf(() => verifyLicence(makeLicence(fx.registryKey, manifest, { twinId: 'twin-other' }), manifest, fx.trust)),
    ).toBe('LICENCE_WRONG_TWIN');
    expect(
      codeOf(() =>
        verifyLicence(makeLicence(fx.registryKey, manifest, { consentId: 'consent-old' }), manifest, fx.trust),
      ),
    ).toBe('LICENCE_WRONG_CONSENT');
    expect(codeOf(() => verifyLicence({ ...licenceDraft(manifest), maxImages: -1 }, manifest, fx.trust))).toBe(
      'LICENCE_INVALID',
    );
    expect(codeOf(() => verifyLicence('not an object', manifest, fx.trust))).toBe('LICENCE_INVALID');
    expect(
      codeOf(() =>
        verifyLicence(makeLicence(fx.registryKey, manifest, { validFrom: '2027-06-01T00:00:00Z' }), manifest, fx.trust),
      ),
    ).toBe('LICENCE_INVALID');
  });

  it('verifies revocations and withdrawals as registry-signed records', () => {
    const revocation = signAsRegistry(
      {
        format: 'revocation/1' as const,
        revocationId: 'rev-1',
        licenceId: 'lic-test-1',
        revokedAt: '2026-09-01T00:00:00Z',
        reason: 'brand dispute',
      },
      fx.registryKey,
    );
    expect(verifyRevocation(revocation, fx.trust).licenceId).toBe('lic-test-1');
    expect(codeOf(() => verifyRevocation({ ...revocation, licenceId: 'lic-other' }, fx.trust))).toBe(
      'REVOCATION_TAMPERED',
    );
    const withdrawal = signAsRegistry(
      {
        format: 'consent-withdrawal/1' as const,
        withdrawalId: 'wd-1',
        twinId: manifest.twinId,
        consentId: manifest.consent.consentId,
        withdrawnAt: '2026-10-01T00:00:00Z',
        reason: 'owner request',
      },
      generateKeyPair(),
    );
    expect(codeOf(() => verifyWithdrawal(withdrawal, fx.trust))).toBe('WITHDRAWAL_SIGNER_UNKNOWN');
  });
});
