import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKeyPair, type KeyPairFile } from '../../src/crypto/index.ts';
import { signAsRegistry } from '../../src/licences/index.ts';
import { signPackFolder, type ManifestDraft } from '../../src/twins/index.ts';
import { createWorkspace, type Workspace } from '../../src/workspace/index.ts';
import { mannequinPng, scenePng, topPng, trousersPng } from './mannequin.ts';
import { fixtureClock } from './clock.ts';

/** Files a studio user would receive: a signed twin pack, licences, garments and scenes, plus the keys behind them. */
export interface FixtureSources {
  registryKey: KeyPairFile;
  ownerKey: KeyPairFile;
  packDir: string;
  licences: { valid: string; expired: string };
  garments: string[];
  scenes: string[];
  twinId: string;
}

const json = (file: string, value: unknown) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

export async function writeFixtureSources(dir: string): Promise<FixtureSources> {
  const registryKey = generateKeyPair();
  const ownerKey = generateKeyPair();
  const twinId = 'tw_ada';
  const packDir = path.join(dir, 'pack-ada');
  mkdirSync(path.join(packDir, 'poses'), { recursive: true });
  const poses = [
    { poseId: 'front', name: 'Front, arms down', spread: 0 },
    { poseId: 'open', name: 'Front, arms open', spread: 45 },
  ];
  for (const p of poses) {
    const { png, figure } = await mannequinPng(p.spread);
    writeFileSync(path.join(packDir, 'poses', `${p.poseId}.png`), png);
    json(path.join(packDir, 'poses', `${p.poseId}.json`), {
      poseId: p.poseId,
      width: figure.width,
      height: figure.height,
      keypoints: figure.keypoints,
    });
  }
  const draft: ManifestDraft = {
    format: 'twinpack/1',
    twinId,
    displayName: 'Ada (mannequin)',
    owner: { name: 'Ada Mannequin', agency: 'Northlight Models' },
    consent: {
      consentId: 'cons_ada_2025',
      grantedAt: '2025-01-01T00:00:00Z',
      noticeGivenAt: '2024-12-01T00:00:00Z',
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2028-12-31T00:00:00Z',
      scope: {
        channels: ['ecommerce', 'social'],
        territories: ['EU', 'GB'],
        advertisers: [],
        productLines: ['womenswear'],
        purposes: ['catalogue', 'campaign'],
      },
      prohibited: { categories: ['lingerie', 'swimwear', 'tobacco'], alterations: ['body_shape', 'age', 'skin_tone'] },
      compensation: { perImage: 800, currency: 'EUR', paymentTermsDays: 30 },
      representation: { kind: 'agency', name: 'Northlight Models' },
      trainingConsent: false,
      revocable: true,
      governingLaw: 'NL',
      documentSha256: 'a'.repeat(64),
    },
    poses: poses.map((p) => ({
      poseId: p.poseId,
      name: p.name,
      image: `poses/${p.poseId}.png`,
      keypoints: `poses/${p.poseId}.json`,
    })),
  };
  signPackFolder(packDir, draft, ownerKey);

  const licence = (licenceId: string, validFrom: string, validUntil: string) =>
    signAsRegistry(
      {
        format: 'licence/1',
        licenceId,
        twinId,
        consentId: 'cons_ada_2025',
        licensee: { orgId: 'org_acme', name: 'Acme Retail', brand: 'Acme', productLines: ['womenswear'] },
        channels: ['ecommerce'],
        territories: ['EU'],
        validFrom,
        validUntil,
        leaseHours: 24 * 60,
        maxImages: 500,
        fee: { perImage: 900, currency: 'EUR' },
        label: { text: 'AI-generated · digital twin of Ada', requiredProvenance: ['visible-label', 'xmp'] },
        issuedAt: validFrom,
      },
      registryKey,
    );
  const licences = {
    valid: path.join(dir, 'lic_ada_2026.licence.json'),
    expired: path.join(dir, 'lic_ada_old.licence.json'),
  };
  json(licences.valid, licence('lic_ada_2026', '2026-01-01T00:00:00Z', '2027-10-01T00:00:00Z'));
  json(licences.expired, licence('lic_ada_old', '2025-01-01T00:00:00Z', '2026-10-01T00:00:00Z'));

  const garments: string[] = [];
  const garment = async (
    garmentId: string,
    name: string,
    category: string,
    layer: 'under' | 'over',
    art: Awaited<ReturnType<typeof topPng>>,
  ) => {
    const g = path.join(dir, `garment-${garmentId}`);
    mkdirSync(g, { recursive: true });
    writeFileSync(path.join(g, 'garment.png'), art.png);
    json(path.join(g, 'garment.json'), {
      format: 'garment/1',
      garmentId,
      sku: garmentId.toUpperCase(),
      name,
      category,
      layer,
      image: 'garment.png',
      width: art.width,
      height: art.height,
      keypoints: art.keypoints,
    });
    garments.push(g);
  };
  await garment('tee-coral', 'Coral tee', 'top', 'over', await topPng('#e0705a'));
  await garment('chino-navy', 'Navy chinos', 'trousers', 'under', await trousersPng('#2d3e66'));

  const scenes: string[] = [];
  const scene = async (sceneId: string, name: string, wall: string, floor: string) => {
    const s = path.join(dir, `scene-${sceneId}`);
    mkdirSync(s, { recursive: true });
    writeFileSync(path.join(s, 'scene.jpg'), await scenePng(1200, 1600, 1400, wall, floor));
    json(path.join(s, 'scene.json'), {
      format: 'scene/1',
      sceneId,
      name,
      kind: 'studio',
      image: 'scene.jpg',
      width: 1200,
      height: 1600,
      floorY: 1400,
      light: { direction: 120, softness: 0.7 },
      twinHeight: 1150,
    });
    scenes.push(s);
  };
  await scene('studio-grey', 'Grey studio', '#9a9aa2', '#6e6e74');
  await scene('warm-loft', 'Warm loft', '#c9a98a', '#7a6350');

  return { registryKey, ownerKey, packDir, licences, garments, scenes, twinId };
}

/** Pins the fixture registry and its signed owner list, the way enrolment would. */
export function trustFixture(ws: Workspace, src: FixtureSources, now = ws.now()): void {
  ws.trust.pinRegistryKey(src.registryKey);
  ws.trust.saveOwnerList(
    signAsRegistry(
      {
        format: 'owners/1',
        issuedAt: now.toISOString(),
        owners: [
          {
            keyId: src.ownerKey.keyId,
            publicKeyPem: src.ownerKey.publicKeyPem,
            name: 'Ada Mannequin',
            agency: 'Northlight Models',
          },
        ],
      },
      src.registryKey,
    ),
  );
}

/** A ready workspace: trusted registry, the twin, both licences, garments and scenes imported. */
export async function buildStudioWorkspace(
  dir: string,
  options: { importAll?: boolean } = {},
): Promise<{ ws: Workspace; src: FixtureSources }> {
  const src = await writeFixtureSources(path.join(dir, 'incoming'));
  const ws = createWorkspace(path.join(dir, 'workspace'), fixtureClock);
  trustFixture(ws, src);
  if (options.importAll !== false) {
    await ws.twins.import(src.packDir);
    for (const file of [src.licences.valid, src.licences.expired]) {
      await ws.licences.import(JSON.parse(readFileSync(file, 'utf8')));
    }
    for (const g of src.garments) await ws.catalog.importGarment(g);
    for (const s of src.scenes) await ws.catalog.importScene(s);
  }
  return { ws, src };
}
