import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { generateKeyPair, publicPart, SECRET_DIR_MODE, SECRET_FILE_MODE, writeKeyPairFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { signAsRegistry } from '../licences/index.ts';
import type { OwnerList } from '../trust/index.ts';
import {
  createWorkspace,
  evaluateShotPolicy,
  writeJsonAtomic,
  type UsageCounter,
  type Workspace,
} from '../workspace/index.ts';
import type { DemoArt } from './art.contract.ts';
import { figureRows } from '../shots/index.ts';
import { demoShotPlans, shotFromPlan } from './demoShots.ts';
import { makeDemoLicences } from './demoLicences.ts';
import { writeDemoPack } from './demoTwins.ts';

export interface DemoResult {
  workspace: string;
  twinPacks: string[];
  licences: { valid: string[]; expired: string[]; revoked: string[] };
  garments: string[];
  scenes: string[];
  shots: { ok: string[]; refused: Record<string, string> };
  registryDb: string;
  twinIds: string[];
  licenceIds: { valid: string[] };
}

export interface DemoDeps {
  art: DemoArt;
  /** Creates the demo registry's database under DIR/registry/ from the demo's keys and records. */
  createRegistryDb(input: {
    dir: string;
    registryKey: ReturnType<typeof generateKeyPair>;
    ownerList: OwnerList;
    licences: unknown[];
    revocations: unknown[];
    withdrawals: unknown[];
  }): Promise<string>;
  usageCounter(ws: Workspace): UsageCounter;
  /** When the demo is made: licences, consent and the workspace's records are dated from it. */
  now: Date;
  sceneSize?: { width: number; height: number };
  log?: (line: string) => void;
}

/**
 * `twin-studio demo --out DIR`: a complete, ready-to-use workspace made only by the project's own code —
 * keys, two synthetic-mannequin twin packs, garments, scenes, licences (valid, restricted, trial, expired,
 * revoked, withdrawn consent), example shots and the demo registry's database.
 */
export async function buildDemo(outDir: string, deps: DemoDeps): Promise<DemoResult> {
  const root = path.resolve(outDir);
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw new StudioError(
      'DEMO_OUT_NOT_EMPTY',
      `${root} is not empty; the demo writes a fresh workspace into an empty or new folder`,
      { dir: root },
    );
  }
  const { now } = deps;
  const log = deps.log ?? (() => {});
  const source = path.join(root, 'source');
  const keysDir = path.join(source, 'keys');
  mkdirSync(source, { recursive: true });

  const registryKey = generateKeyPair();
  const ownerKey = generateKeyPair();
  writeKeyPairFile(path.join(keysDir, 'registry.key.json'), registryKey);
  writeKeyPairFile(path.join(keysDir, 'owner.key.json'), ownerKey);

  const ws = createWorkspace(root, () => now);
  try {
    ws.trust.pinRegistryKey(publicPart(registryKey));
    const ownerList = signAsRegistry(
      {
        format: 'owners/1' as const,
        issuedAt: now.toISOString(),
        owners: [
          { ...publicPart(ownerKey), name: 'Synthetic Mannequin Collective', agency: 'Northlight Model Agency' },
        ],
      },
      registryKey,
    ) as OwnerList;
    ws.trust.saveOwnerList(ownerList);

    log('drawing twin packs');
    const packsDir = path.join(source, 'packs');
    const ava = await writeDemoPack(
      deps.art,
      { twinId: 'ava-synthetic', displayName: 'Ava, synthetic mannequin', consentId: 'consent-ava-2026' },
      ownerKey,
      packsDir,
      now,
    );
    const noor = await writeDemoPack(
      deps.art,
      {
        twinId: 'noor-synthetic',
        displayName: 'Noor, synthetic mannequin',
        consentId: 'consent-noor-2026',
        modulate: { brightness: 0.82, saturation: 1.1 },
      },
      ownerKey,
      packsDir,
      now,
    );
    for (const pack of [ava, noor]) await ws.twins.import(pack.zip);

    log('drawing garments');
    const garments: string[] = [];
    for (const g of deps.art.garments) {
      const drawn = await deps.art.drawGarment(g.garmentId);
      const dir = path.join(source, 'garments', g.garmentId);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'garment.png'), drawn.png);
      writeJsonAtomic(path.join(dir, 'garment.json'), {
        format: 'garment/2',
        ...g,
        image: 'garment.png',
        width: drawn.width,
        height: drawn.height,
        landmarks: drawn.landmarks,
        keypoints: drawn.keypoints,
      });
      await ws.catalog.importGarment(dir);
      garments.push(g.garmentId);
    }

    log('drawing scenes');
    const scenes: string[] = [];
    for (const s of deps.art.scenes) {
      const drawn = await deps.art.drawScene(s.sceneId, deps.sceneSize ?? { width: 2048, height: 3072 });
      const dir = path.join(source, 'scenes', s.sceneId);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, 'scene.jpg'),
        await sharp(drawn.png).jpeg({ quality: 92, mozjpeg: true }).toBuffer(),
      );
      const { png: _png, ...geometry } = drawn;
      writeJsonAtomic(path.join(dir, 'scene.json'), { format: 'scene/1', ...s, image: 'scene.jpg', ...geometry });
      await ws.catalog.importScene(dir);
      scenes.push(s.sceneId);
    }

    log('issuing licences');
    const lic = makeDemoLicences(registryKey, ava.manifest, noor.manifest, now);
    const licencesDir = path.join(source, 'licences');
    const licenceFile = (id: string) => path.join(licencesDir, `${id}.licence.json`);
    const allLicences = [lic.valid, lic.restricted, lic.trial, lic.expired, lic.revoked, lic.withdrawnTwinLicence];
    for (const licence of allLicences) {
      writeJsonAtomic(licenceFile(licence.licenceId), licence);
      await ws.licences.import(licence);
    }
    writeJsonAtomic(path.join(licencesDir, `${lic.revocation.revocationId}.revocation.json`), lic.revocation);
    writeJsonAtomic(path.join(licencesDir, `${lic.withdrawal.withdrawalId}.withdrawal.json`), lic.withdrawal);
    ws.licences.addRevocation(lic.revocation);
    ws.licences.addWithdrawal(lic.withdrawal);

    log('composing shots');
    const poseGeometry = new Map<
      string,
      {
        width: number;
        height: number;
        keypoints: Record<string, { x: number; y: number }>;
        crownY: number;
        solesY: number;
      }
    >();
    const packOf = {
      'ava-synthetic': await ws.twins.load('ava-synthetic'),
      'noor-synthetic': await ws.twins.load('noor-synthetic'),
    };
    const shots: DemoResult['shots'] = { ok: [], refused: {} };
    const usage = deps.usageCounter(ws);
    for (const plan of demoShotPlans()) {
      const pack = packOf[plan.twinId as keyof typeof packOf];
      const pose = pack.poses.find((p) => p.poseId === plan.poseId);
      if (!pose)
        throw new StudioError(
          'DEMO_BROKEN',
          `Demo shot ${plan.shotId} names pose ${plan.poseId}, which the pack lacks`,
          { shotId: plan.shotId },
        );
      const key = `${plan.twinId}/${plan.poseId}`;
      if (!poseGeometry.has(key))
        poseGeometry.set(key, { ...pose, ...(await figureRows(pack.files.read(pose.image))) });
      const shot = ws.shots.save(shotFromPlan(plan, poseGeometry.get(key)!, ws.catalog.scene(plan.sceneId).item));
      const file = ws.layout.shot(shot.shotId);
      const decision = await evaluateShotPolicy(ws, shot, usage, { now });
      const outcome = decision.allowed ? 'ALLOWED' : decision.code;
      if (outcome !== (plan.refusedWith ?? 'ALLOWED')) {
        throw new StudioError(
          'DEMO_BROKEN',
          `Demo shot ${plan.shotId} should be ${plan.refusedWith ?? 'allowed'} but the policy gate says ${outcome}`,
          { shotId: plan.shotId, outcome },
        );
      }
      if (plan.refusedWith) shots.refused[plan.refusedWith] = file;
      else shots.ok.push(file);
    }

    log('creating the demo registry');
    // The registry's database holds its private key: its folder is private from the start, the file once made.
    const registryDir = path.join(root, 'registry');
    mkdirSync(registryDir, { recursive: true, mode: SECRET_DIR_MODE });
    const registryDb = await deps.createRegistryDb({
      dir: registryDir,
      registryKey,
      ownerList,
      licences: allLicences,
      revocations: [lic.revocation],
      withdrawals: [lic.withdrawal],
    });
    if (existsSync(registryDb)) chmodSync(registryDb, SECRET_FILE_MODE);

    return {
      workspace: root,
      twinPacks: [ava.zip, noor.zip],
      licences: {
        valid: [lic.valid, lic.restricted, lic.trial].map((l) => licenceFile(l.licenceId)),
        expired: [licenceFile(lic.expired.licenceId)],
        revoked: [licenceFile(lic.revoked.licenceId)],
      },
      garments: garments.map((id) => ws.layout.garment(id)),
      scenes: scenes.map((id) => ws.layout.scene(id)),
      shots,
      registryDb,
      twinIds: ['ava-synthetic', 'noor-synthetic'],
      licenceIds: { valid: [lic.valid.licenceId, lic.restricted.licenceId, lic.trial.licenceId] },
    };
  } finally {
    ws.close();
  }
}
