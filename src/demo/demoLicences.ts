import type { KeyPairFile } from '../crypto/index.ts';
import { signAsRegistry, type Licence, type Revocation, type Withdrawal } from '../licences/index.ts';
import type { PackManifest } from '../twins/index.ts';

const DAY = 86_400_000;

function dayIso(now: Date, offsetDays: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + offsetDays * DAY)
    .toISOString()
    .replace('.000Z', 'Z');
}

type LicenceDraft = Omit<Licence, 'registryKeyId' | 'signature'>;

function baseLicence(manifest: PackManifest, licenceId: string, now: Date): LicenceDraft {
  return {
    format: 'licence/1',
    licenceId,
    twinId: manifest.twinId,
    consentId: manifest.consent.consentId,
    licensee: {
      orgId: 'org-hm-demo',
      name: 'Demo Fashion Retail AB',
      brand: 'Demo Brand',
      productLines: ['womenswear'],
    },
    channels: ['ecommerce', 'social'],
    territories: ['EU', 'US'],
    validFrom: dayIso(now, -1),
    validUntil: dayIso(now, 365),
    leaseHours: 72,
    maxImages: 500,
    fee: { perImage: 3500, currency: 'EUR', agencyCommissionPct: 20 },
    label: {
      text: `AI-generated · digital twin of ${manifest.displayName}`,
      requiredProvenance: ['visible-label', 'xmp', 'c2pa', 'watermark'],
    },
    issuedAt: dayIso(now, -1),
  };
}

export interface DemoLicences {
  valid: Licence;
  restricted: Licence;
  trial: Licence;
  expired: Licence;
  revoked: Licence;
  revocation: Revocation;
  withdrawnTwinLicence: Licence;
  withdrawal: Withdrawal;
}

/**
 * The demo's licences: one for everyday use, one restricted to e-commerce in the EU without coats, a trial
 * with a one-image quota, an expired one, a revoked one, and one on a twin whose owner withdrew consent.
 */
export function makeDemoLicences(
  registryKey: KeyPairFile,
  ava: PackManifest,
  noor: PackManifest,
  now: Date,
): DemoLicences {
  const sign = (draft: LicenceDraft) => signAsRegistry(draft, registryKey) as Licence;
  const revoked = sign({
    ...baseLicence(ava, 'lic-ava-revoked', now),
    validFrom: dayIso(now, -60),
    issuedAt: dayIso(now, -60),
  });
  const noorLicence = sign(baseLicence(noor, 'lic-noor-ecom', now));
  return {
    valid: sign(baseLicence(ava, 'lic-ava-ecom-social', now)),
    restricted: sign({
      ...baseLicence(ava, 'lic-ava-eu-ecom', now),
      channels: ['ecommerce'],
      territories: ['EU'],
      garmentCategories: ['top', 'trousers', 'dress', 'skirt', 'jacket'],
      maxImages: 200,
    }),
    trial: sign({ ...baseLicence(ava, 'lic-ava-trial', now), maxImages: 1, fee: { perImage: 3500, currency: 'EUR' } }),
    expired: sign({
      ...baseLicence(ava, 'lic-ava-expired', now),
      validFrom: dayIso(now, -300),
      validUntil: dayIso(now, -30),
      issuedAt: dayIso(now, -300),
    }),
    revoked,
    revocation: signAsRegistry(
      {
        format: 'revocation/1' as const,
        revocationId: 'rev-ava-1',
        licenceId: revoked.licenceId,
        revokedAt: dayIso(now, -2),
        reason: 'the campaign was cancelled by the licensee',
      },
      registryKey,
    ),
    withdrawnTwinLicence: noorLicence,
    withdrawal: signAsRegistry(
      {
        format: 'consent-withdrawal/1' as const,
        withdrawalId: 'wd-noor-1',
        twinId: noor.twinId,
        consentId: noor.consent.consentId,
        withdrawnAt: dayIso(now, -1),
        reason: 'the model withdrew consent for new uses',
      },
      registryKey,
    ),
  };
}
