import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { garmentView } from '../../src/api/library.handlers.ts';
import { openStudio } from '../../src/app/index.ts';
import { garmentImport } from '../../src/cli/commands/catalog.ts';
import { createGarmentPrepareCommand, createTwinPrepareCommand } from '../../src/cli/commands/ingest.ts';
import { twinPack, twinVerify } from '../../src/cli/commands/twin.ts';
import { previewBodyPoints } from '../../src/contract/index.ts';
import { generateKeyPair, publicPart, writeKeyPairFile } from '../../src/crypto/index.ts';
import { drawGarment, drawMannequinPose } from '../../src/demo/art/index.ts';
import { cutOutPhoto, type Cutout } from '../../src/ingest/cutout/index.ts';
import type { EstimatedKeypoints, PoseEstimator } from '../../src/ingest/poseEstimator.ts';
import { signAsRegistry } from '../../src/licences/index.ts';
import { COCO17 } from '../../src/twins/index.ts';
import type { OwnerList } from '../../src/trust/index.ts';
import { cli } from '../helpers/cli.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { makePackFolder, tempDir } from '../helpers/fixtures.ts';
import { BACKDROPS, studioPhoto } from '../helpers/studioPhoto.ts';

describe('twin prepare, garment prepare and twin pack', () => {
  const tmp = tempDir();
  const ws = path.join(tmp.dir, 'ws');
  const pack = path.join(tmp.dir, 'pack');
  const keyFile = path.join(tmp.dir, 'owner.key.json');
  const env = { TWIN_STUDIO_HOME: ws };

  beforeAll(async () => {
    const registryKey = generateKeyPair();
    const ownerKey = generateKeyPair();
    writeKeyPairFile(keyFile, ownerKey);
    const studio = openStudio(ws, { now: fixtureClock, env: {} });
    studio.ws.trust.pinRegistryKey(publicPart(registryKey));
    const owners = { format: 'owners/1' as const, issuedAt: '2026-01-01T00:00:00Z', owners: [] as unknown[] };
    owners.owners.push({ ...publicPart(ownerKey), name: 'Owner', agency: 'Agency' });
    studio.ws.trust.saveOwnerList(signAsRegistry(owners, registryKey) as OwnerList);
    studio.close();
    await makePackFolder(pack, ownerKey);
  });
  afterAll(() => tmp.cleanup());

  it('twin pack refuses, with twin verify’s code, a pose twin verify would refuse (an RGB pose image)', async () => {
    const bad = path.join(tmp.dir, 'bad-pack');
    await makePackFolder(bad, generateKeyPair());
    const rgb = await sharp({ create: { width: 48, height: 96, channels: 3, background: '#c8b4a0' } })
      .png()
      .toBuffer();
    writeFileSync(path.join(bad, 'poses', 'front.png'), rgb);
    const before = readFileSync(path.join(bad, 'twin.json'), 'utf8');
    const packed = await cli([twinPack], ['twin', 'pack', bad, '--key', keyFile], env);
    expect(packed.code).toBe(1);
    expect(packed.stderr).toMatch(/^PACK_INVALID: Pose image poses\/front\.png must be an RGBA PNG cut-out/);
    // Nothing was signed.
    expect(readFileSync(path.join(bad, 'twin.json'), 'utf8')).toBe(before);
    // What verify says of the same pose, once signed without the check (as twin pack used to):
    const { resignPackFolder } = await import('../../src/twins/index.ts');
    const { readKeyPairFile } = await import('../../src/crypto/index.ts');
    resignPackFolder(bad, readKeyPairFile(keyFile));
    const verified = await cli([twinVerify], ['twin', 'verify', bad], env);
    expect(verified.code).toBe(1);
    expect(verified.stderr.split(':')[0]).toBe(packed.stderr.split(':')[0]);
  });

  it('prepares a studio photo as a pose, which twin pack signs and twin verify accepts', async () => {
    const art = await drawMannequinPose('front');
    const photo = await studioPhoto(art.png, BACKDROPS.midGrey);
    const photoFile = path.join(tmp.dir, 'Studio Front.jpg');
    writeFileSync(photoFile, photo.jpeg);
    // The real pose model (src/ingest/pose) is wired in the CLI's composition root at merge. Here a test estimator
    // answers the mannequin's true keypoints, moved into the cut-out's pixels.
    let last: Cutout | undefined;
    const cutOut = async (bytes: Buffer, options: Parameters<typeof cutOutPhoto>[1]) =>
      (last = await cutOutPhoto(bytes, options));
    const estimator: PoseEstimator = {
      async estimate(image) {
        expect(image.width).toBe(last!.width);
        const out: EstimatedKeypoints = {};
        for (const name of COCO17) {
          const k = art.keypoints[name];
          out[name] = {
            x: k.x + photo.at.x - last!.crop.x,
            y: k.y + photo.at.y - last!.crop.y,
            visibility: name.endsWith('ear') ? 'occluded' : 'visible',
            confidence: 0.9,
          };
        }
        return out;
      },
      dispose: async () => {},
    };
    const prepare = createTwinPrepareCommand({ poseEstimator: () => estimator, cutOut });
    const run = await cli([prepare], ['twin', 'prepare', photoFile, '--out', pack, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\] 1\/1 /);
    const { poses } = run.json<{ poses: Record<string, unknown>[] }>();
    expect(poses).toHaveLength(1);
    const pose = poses[0]!;
    expect(pose).toMatchObject({
      poseId: 'Studio-Front',
      image: path.join(pack, 'poses', 'Studio-Front.png'),
      crop: last!.crop,
      meanConfidence: 0.9,
    });
    expect(pose.alphaCoverage).toBeGreaterThan(0.2);
    expect((pose.keypoints as Record<string, unknown>).left_ear).toMatchObject({
      visibility: 'occluded',
      confidence: 0.9,
    });
    const png = await sharp(path.join(pack, 'poses', 'Studio-Front.png')).metadata();
    expect(png).toMatchObject({ width: last!.width, height: last!.height, channels: 4 });
    // Both arms of a square pose hang in front of the body: a front-parts mask is suggested, the cut-out's size,
    // and twin.json lists it with the pose.
    expect(pose.front).toBe(path.join(pack, 'poses', 'Studio-Front.front.png'));
    const front = await sharp(pose.front as string).metadata();
    expect(front).toMatchObject({ width: last!.width, height: last!.height, channels: 4 });
    const draft = JSON.parse(readFileSync(path.join(pack, 'twin.json'), 'utf8')) as { poses: { poseId: string }[] };
    expect(draft.poses.find((p) => p.poseId === 'Studio-Front')).toMatchObject({
      front: 'poses/Studio-Front.front.png',
    });

    const signed = await cli([twinPack], ['twin', 'pack', pack, '--key', keyFile], env);
    expect(signed.code, signed.stderr).toBe(0);
    const verified = await cli([twinVerify], ['twin', 'verify', pack, '--json'], env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.json()).toMatchObject({ poses: ['front', 'Studio-Front'] });
  }, 120_000);

  it('an estimator that cannot place every keypoint is refused with INGEST_POSE_INCOMPLETE', async () => {
    const art = await drawMannequinPose('walking');
    const photo = await studioPhoto(art.png, BACKDROPS.midGrey);
    const photoFile = path.join(tmp.dir, 'walking.jpg');
    writeFileSync(photoFile, photo.jpeg);
    const estimator: PoseEstimator = {
      estimate: async () => ({ nose: { x: 1, y: 1, visibility: 'visible', confidence: 0.5 } }),
      dispose: async () => {},
    };
    const prepare = createTwinPrepareCommand({ poseEstimator: () => estimator, cutOut: cutOutPhoto });
    const run = await cli([prepare], ['twin', 'prepare', photoFile, '--out', path.join(tmp.dir, 'p2')], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^INGEST_POSE_INCOMPLETE: .*could not place left_eye/m);
  }, 120_000);

  it('prepares a product photo (in the worker thread) as a garment folder that garment import accepts', async () => {
    const art = await drawGarment('trousers-navy');
    const photo = await studioPhoto(art.png, BACKDROPS.white);
    const photoFile = path.join(tmp.dir, 'navy-trousers.jpg');
    writeFileSync(photoFile, photo.jpeg);
    const out = path.join(tmp.dir, 'garment');
    const run = await cli(
      [createGarmentPrepareCommand()],
      ['garment', 'prepare', photoFile, '--category', 'trousers', '--out', out, '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const result = run.json<{
      garment: string;
      landmarks: Record<string, unknown>;
      crop: object;
      alphaCoverage: number;
    }>();
    expect(result.garment).toBe(out);
    expect(Object.keys(result.landmarks)).toEqual(
      expect.arrayContaining(['left_waist', 'right_waist', 'crotch', 'left_leg_hem_outer', 'right_leg_hem_inner']),
    );
    expect(result.crop).toMatchObject({ x: expect.any(Number), width: expect.any(Number) });
    const written = JSON.parse(readFileSync(path.join(out, 'garment.json'), 'utf8'));
    expect(written).toMatchObject({ format: 'garment/2', landmarks: result.landmarks });
    // A product photo shows no body: garment/2 names no body points (the fit places the body from the landmarks).
    expect(written.keypoints).toBeUndefined();
    const imported = await cli([garmentImport], ['garment', 'import', out, '--json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json()).toMatchObject({ garmentId: 'navy-trousers', category: 'trousers', format: 'garment/2' });
    // The studio previews it (the canvas, the Ingest view) on the body the render fits it to, at the joints its legs
    // span; its waist is no hip joint.
    const studio = openStudio(ws, { now: fixtureClock, env: {} });
    try {
      const view = garmentView(studio.ws, studio.ws.catalog.garment('navy-trousers').item);
      expect(view.keypoints).toEqual(previewBodyPoints(written.landmarks, 'trousers'));
      expect(Object.keys(view.keypoints).sort()).toEqual(
        ['left_ankle', 'left_hip', 'left_knee', 'right_ankle', 'right_hip', 'right_knee'].sort(),
      );
      expect(view.keypoints.left_hip!.y).toBeGreaterThan(written.landmarks.left_waist.y);
    } finally {
      studio.close();
    }

    const refused = await cli(
      [createGarmentPrepareCommand()],
      ['garment', 'prepare', photoFile, '--category', 'hat', '--out', out],
      env,
    );
    expect(refused.code).toBe(2);
  }, 120_000);
});
