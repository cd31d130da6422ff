/**
 * The demo's artwork as a studio would bring it in: each pose and garment drawing is photographed on seamless paper
 * (tests/helpers/studioPhoto.ts: graded paper, a soft offset shadow, noise, JPEG q85) and goes through the ingest
 * path — `prepareTwinPoses` (cut-out and the MoveNet pose model) and `prepareGarment` (cut-out and the suggested
 * landmarks) — instead of the drawing's own alpha, keypoints and landmarks. `npm run eval -- --prepared` renders the
 * demo shots from both and compares them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DemoArt } from '../src/demo/art.contract.ts';
import { cutOutPhoto } from '../src/ingest/cutout/index.ts';
import { prepareGarment, prepareTwinPoses } from '../src/ingest/prepare.ts';
import type { PoseEstimator } from '../src/ingest/poseEstimator.ts';
import { BACKDROPS, studioPhoto } from '../tests/helpers/studioPhoto.ts';

/** The paper each subject is photographed on: one it differs from, as docs/capture.md asks. */
const PAPER: Record<string, keyof typeof BACKDROPS> = {
  pose: 'midGrey',
  'tee-white': 'lightGrey',
  'dress-floral': 'midGrey',
};

export interface PreparedArt {
  art: DemoArt;
  /** Garments whose landmarks the ingest path did not complete: they keep the hand-made files. */
  handMade: string[];
  dispose(): void;
}

export function preparedArt(base: DemoArt, estimator: PoseEstimator): PreparedArt {
  const dir = mkdtempSync(path.join(tmpdir(), 'twin-prepared-'));
  const handMade: string[] = [];
  const photograph = async (png: Buffer, paper: keyof typeof BACKDROPS, name: string): Promise<string> => {
    const file = path.join(dir, `${name}.jpg`);
    writeFileSync(file, (await studioPhoto(png, BACKDROPS[paper])).jpeg);
    return file;
  };
  const art: DemoArt = {
    ...base,
    async drawPose(poseId) {
      const drawn = await base.drawPose(poseId);
      const photo = await photograph(drawn.png, PAPER.pose!, poseId);
      const outDir = path.join(dir, 'pack');
      const [pose] = await prepareTwinPoses({ photos: [photo], outDir, cutOut: cutOutPhoto, estimator });
      const json = JSON.parse(readFileSync(path.join(outDir, 'poses', `${pose!.poseId}.json`), 'utf8'));
      return {
        png: readFileSync(pose!.image),
        width: json.width,
        height: json.height,
        keypoints: json.keypoints,
        ...(pose!.front ? { front: readFileSync(pose!.front) } : {}),
      };
    },
    async drawGarment(garmentId) {
      const drawn = await base.drawGarment(garmentId);
      const category = base.garments.find((g) => g.garmentId === garmentId)!.category;
      const photo = await photograph(drawn.png, PAPER[garmentId] ?? 'white', garmentId);
      const outDir = path.join(dir, 'garments', garmentId);
      await prepareGarment({ photo, category, outDir, cutOut: cutOutPhoto, garmentId });
      const json = JSON.parse(readFileSync(path.join(outDir, 'garment.json'), 'utf8'));
      if (json.format !== 'garment/2') {
        handMade.push(garmentId);
        return drawn;
      }
      return {
        png: readFileSync(path.join(outDir, 'garment.png')),
        width: json.width,
        height: json.height,
        keypoints: json.keypoints,
        landmarks: json.landmarks,
      };
    },
  };
  return { art, handMade, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
