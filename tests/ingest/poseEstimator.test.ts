import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POSES } from '../../src/demo/art/index.ts';
import { POSE_MODEL_ID, createPoseEstimator } from '../../src/ingest/pose/index.ts';
import type { EstimatedKeypoints, PoseEstimator } from '../../src/ingest/poseEstimator.ts';
import { COCO17 } from '../../src/twins/keypoints.schema.ts';
import { type PoseTruth, mannequinCutout, mannequinPhoto } from '../helpers/posePhotos.ts';

const MODELS = path.resolve('models');

/** Mean distance, as a share of the figure's height, over the joints the estimator calls visible. */
function meanVisibleError(found: EstimatedKeypoints, truth: PoseTruth): { mean: number; visible: number } {
  let sum = 0;
  let visible = 0;
  for (const name of COCO17) {
    const k = found[name];
    if (k?.visibility !== 'visible') continue;
    const t = truth.keypoints[name];
    sum += Math.hypot(k.x - t.x, k.y - t.y) / truth.figureHeight;
    visible++;
  }
  return { mean: sum / visible, visible };
}

describe('pose estimator (MoveNet Lightning on onnxruntime-node, CPU)', () => {
  let estimator: PoseEstimator;
  beforeAll(async () => {
    estimator = await createPoseEstimator({ modelsDir: MODELS });
  });
  afterAll(async () => {
    await estimator.dispose();
  });

  // Measured (mean over visible joints, share of figure height; all 17 visible): cut-outs front 0.86 %,
  // three-quarter 1.46 %, walking 1.13 %; 2400×1600 photos 1.23 %, 1.64 %, 1.35 % (docs/ingest.md).
  it.each(DEMO_POSES)(
    'places the joints of the %s cut-out within 2 per cent of the figure height on average',
    { timeout: 30_000 },
    async (pose) => {
      const truth = await mannequinCutout(pose);
      const found = await estimator.estimate(truth.image);
      const { mean, visible } = meanVisibleError(found, truth);
      expect(visible).toBeGreaterThanOrEqual(14);
      expect(mean).toBeLessThan(0.02);
      for (const name of COCO17) {
        const k = found[name]!;
        expect(k.confidence).toBeGreaterThanOrEqual(0.1);
        expect(k.confidence).toBeLessThanOrEqual(1);
      }
      // The person's own left: facing the camera, it is on the image's right.
      expect(found.left_shoulder!.x).toBeGreaterThan(found.right_shoulder!.x);
      expect(found.left_hip!.x).toBeGreaterThan(found.right_hip!.x);
    },
  );

  // MoveNet alone put the far shoulder 2.08 % (three-quarter) and 1.65 % (walking) of the figure's height low;
  // levelled against the silhouette, 0.22 % and 0.38 %.
  it.each(['three-quarter', 'walking'] as const)(
    'places both shoulders of the turned %s cut-out within 0.6 per cent of the figure height',
    { timeout: 30_000 },
    async (pose) => {
      const truth = await mannequinCutout(pose);
      const found = await estimator.estimate(truth.image);
      for (const name of ['left_shoulder', 'right_shoulder'] as const) {
        const k = found[name]!;
        const t = truth.keypoints[name];
        expect(Math.hypot(k.x - t.x, k.y - t.y) / truth.figureHeight).toBeLessThan(0.006);
      }
    },
  );

  it.each(DEMO_POSES)(
    'finds the %s figure in a photo with no alpha (off-centre on a grey backdrop) within 2 per cent',
    { timeout: 30_000 },
    async (pose) => {
      const truth = await mannequinPhoto(pose, { width: 2400, height: 1600, scale: 1 });
      const found = await estimator.estimate(truth.image);
      const { mean, visible } = meanVisibleError(found, truth);
      expect(visible).toBeGreaterThanOrEqual(14);
      expect(mean).toBeLessThan(0.02);
    },
  );

  it('leaves out the points of a figure cut off by the frame rather than placing them outside it', async () => {
    const full = await mannequinCutout('front');
    const height = 1000; // below the hips, above the knees (knees at y ≈ 1102, ankles at 1440)
    const image = { ...full.image, data: full.image.data.subarray(0, full.image.width * height * 4), height };
    const found = await estimator.estimate(image);
    for (const k of Object.values(found)) {
      expect(k.x).toBeGreaterThanOrEqual(0);
      expect(k.x).toBeLessThanOrEqual(image.width);
      expect(k.y).toBeGreaterThanOrEqual(0);
      expect(k.y).toBeLessThanOrEqual(height);
    }
    for (const name of ['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'] as const) {
      const k = found[name]!;
      expect(Math.hypot(k.x - full.keypoints[name].x, k.y - full.keypoints[name].y) / full.figureHeight).toBeLessThan(
        0.03,
      );
    }
    expect(found.left_ankle?.visibility ?? 'absent').not.toBe('visible');
    expect(found.right_ankle?.visibility ?? 'absent').not.toBe('visible');
  });

  it('returns no keypoints for an image with nothing in it (fully transparent)', async () => {
    const data = new Uint8Array(64 * 96 * 4);
    expect(await estimator.estimate({ data, width: 64, height: 96 })).toEqual({});
  });

  it('refuses pixels that do not match the size, as IMAGE_CORRUPT, and keeps working', async () => {
    await expect(estimator.estimate({ data: new Uint8Array(10), width: 4, height: 4 })).rejects.toMatchObject({
      code: 'IMAGE_CORRUPT',
      message: expect.stringContaining('Expected 4×4×4 = 64 bytes of RGBA, got 10'),
    });
    await expect(estimator.estimate({ data: new Uint8Array(0), width: 0, height: 0 })).rejects.toMatchObject({
      code: 'IMAGE_CORRUPT',
    });
    const truth = await mannequinCutout('front');
    expect(Object.keys(await estimator.estimate(truth.image))).toHaveLength(17);
  });

  it('stops with the signal’s reason when aborted', async () => {
    const truth = await mannequinCutout('front');
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(estimator.estimate(truth.image, { signal: controller.signal })).rejects.toBe(reason);
  });
});

describe('pose estimator thresholds and model files', () => {
  it('marks points below the visible score occluded and leaves out those below the minimum', async () => {
    const truth = await mannequinCutout('walking');
    const strict = await createPoseEstimator({ modelsDir: MODELS, visibleScore: 0.8, minScore: 0.6 });
    try {
      const found = await strict.estimate(truth.image);
      const kept = Object.values(found);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(17);
      for (const k of kept) {
        expect(k.confidence).toBeGreaterThanOrEqual(0.6);
        expect(k.visibility).toBe(k.confidence >= 0.8 ? 'visible' : 'occluded');
      }
      expect(kept.some((k) => k.visibility === 'occluded')).toBe(true);
    } finally {
      await strict.dispose();
    }
  });

  it('refuses a pose model whose bytes differ from the manifest (MODEL_TAMPERED)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'twin-pose-models-'));
    try {
      await copyFile(path.join(MODELS, 'manifest.json'), path.join(dir, 'manifest.json'));
      const bytes = await readFile(path.join(MODELS, `${POSE_MODEL_ID}.onnx`));
      bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 1;
      await writeFile(path.join(dir, `${POSE_MODEL_ID}.onnx`), bytes);
      await expect(createPoseEstimator({ modelsDir: dir })).rejects.toMatchObject({ code: 'MODEL_TAMPERED' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
