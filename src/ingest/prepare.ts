import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GarmentCategory } from '../catalog/garment.schema.ts';
import { REQUIRED_LANDMARKS, type GarmentLandmarks } from '../catalog/garmentLandmarks.ts';
import { StudioError } from '../errors/index.ts';
import { COCO17, type Coco17Name, type Keypoints, type PosePoint } from '../twins/keypoints.schema.ts';
import { poseFiles } from '../twins/pack.schema.ts';
import { cutoutPng, type Crop, type Cutout, type CutoutOptions } from './cutout/index.ts';
import { suggestLandmarks } from './landmarks/index.ts';
import { suggestFrontParts } from '../contract/frontParts.ts';
import { maskAsRgba } from '../contract/maskBrush.ts';
import type { PoseEstimator } from './poseEstimator.ts';

/** Cuts a photo's subject out (in a worker in the app and CLI; in-process in tests). */
export type CutOut = (bytes: Buffer, options: CutoutOptions) => Promise<Cutout>;

export interface PreparedPose {
  poseId: string;
  /** The cut-out PNG written into the pack folder. */
  image: string;
  keypoints: Record<Coco17Name, Required<PosePoint>>;
  /** The suggested front-parts mask written with the pose (`poses/<id>.front.png`), when an arm lies in front. */
  front?: string;
  crop: Crop;
  alphaCoverage: number;
  meanConfidence: number;
}

/** A pose id from a photo's file name: letters, digits, _ . - (what twin.json accepts). */
export function poseIdFor(file: string): string {
  const base = path
    .basename(file, path.extname(file))
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return base.length >= 2 ? base : `pose-${base || 'photo'}`;
}

interface PackDraft {
  poses?: { poseId: string; name: string; image: string; keypoints: string }[];
  [field: string]: unknown;
}

/**
 * Adds the poses to the pack folder's twin.json (creating a draft when there is none: `twin pack` then names the
 * owner and consent fields still to fill in), replacing poses of the same id.
 */
function recordPoses(dir: string, poses: PreparedPose[]): void {
  const file = path.join(dir, 'twin.json');
  const draft: PackDraft = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as PackDraft)
    : { format: 'twinpack/1', twinId: poseIdFor(path.basename(path.resolve(dir))), displayName: path.basename(dir) };
  const entries = (draft.poses ?? []).filter((p) => !poses.some((q) => q.poseId === p.poseId));
  for (const pose of poses) {
    entries.push({ poseId: pose.poseId, name: pose.poseId, ...poseFiles(pose.poseId, pose.front !== undefined) });
  }
  writeFileSync(file, `${JSON.stringify({ ...draft, poses: entries }, null, 2)}\n`);
}

/**
 * `twin prepare`: each studio photo becomes a pose of the pack folder `outDir` — the cut-out as
 * `poses/<id>.png`, the estimator's COCO-17 keypoints (with visibility and confidence, in the cut-out's pixels) as
 * `poses/<id>.json`, the suggested front-parts mask (`suggestFrontParts`) as `poses/<id>.front.png` — and twin.json
 * lists them, ready for `twin pack` once its owner and consent are filled in.
 */
export async function prepareTwinPoses(options: {
  photos: string[];
  outDir: string;
  cutOut: CutOut;
  estimator: PoseEstimator;
  onPhoto?: (index: number, fraction: number, photo: string) => void;
  signal?: AbortSignal;
}): Promise<PreparedPose[]> {
  const posesDir = path.join(options.outDir, 'poses');
  mkdirSync(posesDir, { recursive: true });
  const prepared: PreparedPose[] = [];
  for (const [index, photo] of options.photos.entries()) {
    const poseId = poseIdFor(photo);
    const what = `Photo ${photo}`;
    const cutout = await options.cutOut(readPhoto(photo), {
      what,
      onProgress: (_stage, fraction) => options.onPhoto?.(index, fraction * 0.8, photo),
    });
    const estimated = await options.estimator.estimate(
      { data: cutout.rgba, width: cutout.width, height: cutout.height },
      options.signal ? { signal: options.signal } : {},
    );
    const missing = COCO17.filter((name) => !estimated[name]);
    if (missing.length > 0) {
      throw new StudioError(
        'INGEST_POSE_INCOMPLETE',
        `${what}: the pose estimator could not place ${missing.join(', ')}; a twin pose needs all 17 COCO points. ` +
          'Retake the photo with the whole body in frame, limbs apart from the torso (see docs/capture.md)',
        { photo, missing },
      );
    }
    const keypoints = Object.fromEntries(
      COCO17.map((name) => {
        const k = estimated[name]!;
        const point = { x: round(k.x), y: round(k.y), visibility: k.visibility, confidence: round(k.confidence, 3) };
        return [name, point];
      }),
    ) as Record<Coco17Name, Required<PosePoint>>;
    const image = path.join(posesDir, `${poseId}.png`);
    writeFileSync(image, await cutoutPng(cutout));
    const poseFile = { poseId, width: cutout.width, height: cutout.height, keypoints };
    writeFileSync(path.join(posesDir, `${poseId}.json`), `${JSON.stringify(poseFile, null, 2)}\n`);
    const front = await writeFrontParts(cutout, keypoints, path.join(posesDir, `${poseId}.front.png`));
    const confidences = COCO17.map((n) => keypoints[n].confidence);
    prepared.push({
      poseId,
      image: path.resolve(image),
      keypoints,
      ...(front ? { front } : {}),
      crop: cutout.crop,
      alphaCoverage: round(cutout.alphaCoverage, 4),
      meanConfidence: round(confidences.reduce((a, b) => a + b, 0) / confidences.length, 3),
    });
    options.onPhoto?.(index, 1, photo);
  }
  recordPoses(options.outDir, prepared);
  return prepared;
}

/**
 * Writes the pose's suggested front-parts mask (white, the mask as alpha) and returns its path; removes an earlier
 * one and returns undefined when no arm lies in front.
 */
async function writeFrontParts(
  cutout: Cutout,
  keypoints: Record<Coco17Name, Required<PosePoint>>,
  file: string,
): Promise<string | undefined> {
  const mask = suggestFrontParts(cutout.rgba, cutout.width, cutout.height, keypoints);
  if (!mask) {
    rmSync(file, { force: true });
    return undefined;
  }
  writeFileSync(file, await cutoutPng({ ...cutout, rgba: maskAsRgba(mask) }));
  return path.resolve(file);
}

export interface PreparedGarment {
  garment: string;
  landmarks: GarmentLandmarks;
  crop: Crop;
  alphaCoverage: number;
}

const OVER: readonly GarmentCategory[] = ['jacket', 'coat'];

/**
 * garment/1 carries COCO body points for its one rigid TPS fit: a garment whose landmarks are incomplete gets the
 * body points it covers read off the landmarks found (shoulders; hips at the waist or hem; knees or ankles at the
 * leg hems; elbows at the cuffs of short sleeves). Rough for a part-by-part fit, which garment/2 does without them.
 */
function bodyPointsFrom(landmarks: GarmentLandmarks, category: GarmentCategory): Keypoints {
  const mid = (a?: { x: number; y: number }, b?: { x: number; y: number }) =>
    a && b ? { x: round((a.x + b.x) / 2), y: round((a.y + b.y) / 2) } : undefined;
  const out: Keypoints = {};
  const set = (name: Coco17Name, p?: { x: number; y: number }): void => {
    if (p) out[name] = { x: round(p.x), y: round(p.y) };
  };
  set('left_shoulder', landmarks.left_shoulder);
  set('right_shoulder', landmarks.right_shoulder);
  const bottoms = category === 'trousers' || category === 'shorts' || category === 'skirt';
  set('left_hip', landmarks.left_hip ?? (bottoms ? landmarks.left_waist : landmarks.left_hem));
  set('right_hip', landmarks.right_hip ?? (bottoms ? landmarks.right_waist : landmarks.right_hem));
  if (category === 'trousers') {
    set('left_ankle', mid(landmarks.left_leg_hem_outer, landmarks.left_leg_hem_inner));
    set('right_ankle', mid(landmarks.right_leg_hem_outer, landmarks.right_leg_hem_inner));
  } else if (category === 'shorts') {
    set('left_knee', mid(landmarks.left_leg_hem_outer, landmarks.left_leg_hem_inner));
    set('right_knee', mid(landmarks.right_leg_hem_outer, landmarks.right_leg_hem_inner));
  } else if (category === 'skirt') {
    set('left_knee', landmarks.left_hem);
    set('right_knee', landmarks.right_hem);
  } else {
    set('left_elbow', mid(landmarks.left_cuff_outer, landmarks.left_cuff_inner));
    set('right_elbow', mid(landmarks.right_cuff_outer, landmarks.right_cuff_inner));
  }
  return out;
}

/**
 * `garment prepare`: a product photo becomes a garment folder `garment import` accepts — garment.png (the cut-out) and
 * garment.json: `garment/2` with the suggested landmarks when every landmark its category needs was found (fitted part
 * by part), else `garment/1` with the body points read off what was found (fitted as one piece until the landmarks
 * are placed in the Ingest view).
 */
export async function prepareGarment(options: {
  photo: string;
  category: GarmentCategory;
  outDir: string;
  cutOut: CutOut;
  garmentId?: string;
  sku?: string;
  name?: string;
  onProgress?: (fraction: number) => void;
}): Promise<PreparedGarment> {
  const what = `Photo ${options.photo}`;
  const cutout = await options.cutOut(readPhoto(options.photo), {
    what,
    onProgress: (_stage, fraction) => options.onProgress?.(fraction * 0.9),
  });
  // Only the landmarks the category requires: the finder's optional ones (a dress's cap-sleeve cuffs) are not held
  // to the accuracy bar, and the part-by-part fit would follow a wrong one. The Ingest view shows them to be placed.
  const suggested = suggestLandmarks(cutout.rgba, cutout.width, cutout.height, options.category);
  const landmarks: GarmentLandmarks = Object.fromEntries(
    REQUIRED_LANDMARKS[options.category].filter((n) => suggested[n]).map((n) => [n, suggested[n]]),
  );
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(path.join(options.outDir, 'garment.png'), await cutoutPng(cutout));
  const garmentId = (options.garmentId ?? poseIdFor(options.photo)).toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  const complete = REQUIRED_LANDMARKS[options.category].every((n) => landmarks[n] !== undefined);
  // garment/2 is fitted from its landmarks alone: a product photo shows no body, so it names no body points (the
  // fit places the body from the neckline, shoulders, armpits and crotch). garment/1 needs body points for its one
  // rigid fit: they are read off what was found.
  const garment = {
    ...(complete
      ? { format: 'garment/2', landmarks }
      : { format: 'garment/1', keypoints: bodyPointsFrom(suggested, options.category) }),
    garmentId,
    sku: options.sku ?? garmentId.toUpperCase(),
    name: options.name ?? path.basename(options.photo, path.extname(options.photo)),
    category: options.category,
    layer: OVER.includes(options.category) ? 'over' : 'under',
    image: 'garment.png',
    width: cutout.width,
    height: cutout.height,
  };
  writeFileSync(path.join(options.outDir, 'garment.json'), `${JSON.stringify(garment, null, 2)}\n`);
  options.onProgress?.(1);
  return {
    garment: path.resolve(options.outDir),
    landmarks,
    crop: cutout.crop,
    alphaCoverage: round(cutout.alphaCoverage, 4),
  };
}

function readPhoto(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (cause) {
    throw new StudioError(
      'IMAGE_MISSING',
      `No photo at ${file}: expected a JPEG, PNG or TIFF studio photo`,
      { path: file },
      { cause },
    );
  }
}

function round(v: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}
