import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { KeyPairFile } from '../crypto/index.ts';
import { poseFiles, signPackFolder, zipPackFolder, type ManifestDraft, type PackManifest } from '../twins/index.ts';
import type { DemoArt } from './art.contract.ts';

const DAY = 86_400_000;

export interface DemoTwinSpec {
  twinId: string;
  displayName: string;
  consentId: string;
  /** A tint for the mannequin's finish, so the two demo twins are told apart at a glance. */
  modulate?: { brightness?: number; saturation?: number; hue?: number };
}

export function demoConsent(spec: DemoTwinSpec, now: Date): ManifestDraft['consent'] {
  const day = (n: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + n * DAY)
      .toISOString()
      .replace('.000Z', 'Z');
  return {
    consentId: spec.consentId,
    grantedAt: day(-366),
    noticeGivenAt: day(-380),
    validFrom: day(-365),
    validUntil: day(3 * 365),
    scope: {
      channels: ['ecommerce', 'social', 'marketplace'],
      territories: ['EU', 'US', 'GB'],
      advertisers: [],
      productLines: ['womenswear', 'accessories'],
      purposes: ['product imagery', 'campaign'],
    },
    prohibited: {
      categories: ['lingerie', 'swimwear', 'tobacco', 'alcohol', 'politics', 'gambling'],
      alterations: ['body_shape', 'age', 'skin_tone'],
    },
    compensation: { perImage: 2500, currency: 'EUR', paymentTermsDays: 30 },
    representation: { kind: 'agency', name: 'Northlight Model Agency' },
    trainingConsent: false,
    revocable: true,
    governingLaw: 'New York, USA',
    // Demo only: stands for the separately signed written consent document.
    documentSha256: '5b1d7f3c0e9a8b6d4c2e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c',
  };
}

/** Draws the poses, writes the pack folder, signs it with the owner key and zips it as a .twinpack. */
export async function writeDemoPack(
  art: DemoArt,
  spec: DemoTwinSpec,
  ownerKey: KeyPairFile,
  packsDir: string,
  now: Date,
): Promise<{ folder: string; zip: string; manifest: PackManifest }> {
  const folder = path.join(packsDir, spec.twinId);
  mkdirSync(path.join(folder, 'poses'), { recursive: true });
  const poses: ManifestDraft['poses'] = [];
  for (const pose of art.poses) {
    const drawn = await art.drawPose(pose.poseId);
    const png = spec.modulate ? await sharp(drawn.png).modulate(spec.modulate).png().toBuffer() : drawn.png;
    writeFileSync(path.join(folder, 'poses', `${pose.poseId}.png`), png);
    writeFileSync(
      path.join(folder, 'poses', `${pose.poseId}.json`),
      `${JSON.stringify({ poseId: pose.poseId, width: drawn.width, height: drawn.height, keypoints: drawn.keypoints }, null, 2)}\n`,
    );
    if (drawn.front) writeFileSync(path.join(folder, 'poses', `${pose.poseId}.front.png`), drawn.front);
    poses.push({
      poseId: pose.poseId,
      name: pose.name,
      ...poseFiles(pose.poseId, drawn.front !== undefined),
    });
  }
  const manifest = signPackFolder(
    folder,
    {
      format: 'twinpack/1',
      twinId: spec.twinId,
      displayName: spec.displayName,
      owner: { name: 'Synthetic Mannequin Collective', agency: 'Northlight Model Agency' },
      consent: demoConsent(spec, now),
      poses,
    },
    ownerKey,
  );
  const zip = path.join(packsDir, `${spec.twinId}.twinpack`);
  zipPackFolder(folder, zip);
  return { folder, zip, manifest };
}
