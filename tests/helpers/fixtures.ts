import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { generateKeyPair, type KeyPairFile } from '../../src/crypto/index.ts';
import { signAsRegistry, type Licence } from '../../src/licences/index.ts';
import { createTrustStore, type OwnerList, type TrustStore } from '../../src/trust/index.ts';
import { COCO17, signPackFolder, type ManifestDraft, type PackManifest } from '../../src/twins/index.ts';

export function tempDir(prefix = 'twin-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TrustFixture {
  registryKey: KeyPairFile;
  ownerKey: KeyPairFile;
  ownerList: OwnerList;
  trust: TrustStore;
}

export function makeTrust(): TrustFixture {
  const registryKey = generateKeyPair();
  const ownerKey = generateKeyPair();
  const ownerList = signAsRegistry(
    {
      format: 'owners/1' as const,
      issuedAt: '2026-01-01T00:00:00Z',
      owners: [
        { keyId: ownerKey.keyId, publicKeyPem: ownerKey.publicKeyPem, name: 'Test Owner', agency: 'Test Agency' },
      ],
    },
    registryKey,
  );
  return {
    registryKey,
    ownerKey,
    ownerList,
    trust: createTrustStore({ registryKeys: [registryKey], ownerLists: [ownerList] }),
  };
}

export function consentDraft(overrides: Partial<ManifestDraft['consent']> = {}): ManifestDraft['consent'] {
  return {
    consentId: 'consent-test-1',
    grantedAt: '2026-01-01T00:00:00Z',
    noticeGivenAt: '2025-12-01T00:00:00Z',
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2028-01-01T00:00:00Z',
    scope: {
      channels: ['ecommerce', 'social'],
      territories: ['EU', 'US'],
      advertisers: [],
      productLines: ['womenswear'],
      purposes: ['catalogue', 'campaign'],
    },
    prohibited: {
      categories: ['lingerie', 'swimwear', 'tobacco', 'politics'],
      alterations: ['body_shape', 'age', 'skin_tone'],
    },
    compensation: { perImage: 2500, currency: 'EUR', paymentTermsDays: 30 },
    representation: { kind: 'agency', name: 'Test Agency' },
    trainingConsent: false,
    revocable: true,
    governingLaw: 'NY',
    documentSha256: 'a'.repeat(64),
    ...overrides,
  };
}

/** The dates of a consent in force from a year before `at` to two years after it: for fixtures dated by a clock. */
export function consentAround(
  at: Date,
): Pick<ManifestDraft['consent'], 'grantedAt' | 'noticeGivenAt' | 'validFrom' | 'validUntil'> {
  const day = (n: number) => new Date(at.getTime() + n * 86_400_000).toISOString();
  return { noticeGivenAt: day(-395), grantedAt: day(-365), validFrom: day(-365), validUntil: day(730) };
}

/** A small but complete signed pack folder: one pose image (RGBA PNG) with its keypoints. */
export async function makePackFolder(
  dir: string,
  ownerKey: KeyPairFile,
  overrides: Partial<ManifestDraft> = {},
): Promise<PackManifest> {
  mkdirSync(path.join(dir, 'poses'), { recursive: true });
  const width = 48;
  const height = 96;
  const png = await sharp({ create: { width, height, channels: 4, background: { r: 200, g: 180, b: 160, alpha: 1 } } })
    .png()
    .toBuffer();
  writeFileSync(path.join(dir, 'poses', 'front.png'), png);
  const keypoints = Object.fromEntries(COCO17.map((name, i) => [name, { x: 10 + (i % 3) * 10, y: 5 + i * 5 }]));
  writeFileSync(path.join(dir, 'poses', 'front.json'), JSON.stringify({ poseId: 'front', width, height, keypoints }));
  const draft: ManifestDraft = {
    format: 'twinpack/1',
    twinId: 'twin-test',
    displayName: 'Test Mannequin',
    owner: { name: 'Test Owner', agency: 'Test Agency' },
    consent: consentDraft(),
    poses: [{ poseId: 'front', name: 'Front', image: 'poses/front.png', keypoints: 'poses/front.json' }],
    ...overrides,
  };
  return signPackFolder(dir, draft, ownerKey);
}

export type LicenceDraft = Omit<Licence, 'registryKeyId' | 'signature'>;

export function licenceDraft(manifest: PackManifest, overrides: Partial<LicenceDraft> = {}): LicenceDraft {
  return {
    format: 'licence/1',
    licenceId: 'lic-test-1',
    twinId: manifest.twinId,
    consentId: manifest.consent.consentId,
    licensee: { orgId: 'org-brand', name: 'Brand AB', brand: 'Brand', productLines: ['womenswear'] },
    channels: ['ecommerce', 'social'],
    territories: ['EU', 'US'],
    validFrom: '2026-06-01T00:00:00Z',
    validUntil: '2027-06-01T00:00:00Z',
    leaseHours: 72,
    maxImages: 100,
    fee: { perImage: 3000, currency: 'EUR' },
    label: { text: 'AI-generated · digital twin', requiredProvenance: ['visible-label', 'xmp', 'c2pa', 'watermark'] },
    issuedAt: '2026-06-01T00:00:00Z',
    ...overrides,
  };
}

export function makeLicence(
  registryKey: KeyPairFile,
  manifest: PackManifest,
  overrides: Partial<LicenceDraft> = {},
): Licence {
  return signAsRegistry(licenceDraft(manifest, overrides), registryKey) as Licence;
}
