import os from 'node:os';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { alphaBox, backdropFor, sampleCrop, squareAround } from '../../src/ingest/pose/crop.ts';
import { MOVENET_INPUT_SIZE, POSE_MODEL_ID, createPoseEstimator } from '../../src/ingest/pose/index.ts';
import { createSessionCache } from '../../src/render/index.ts';
import { defaultModelsDir } from '../../src/render/modelsDir.ts';
import { COCO17 } from '../../src/twins/keypoints.schema.ts';
import { mannequinPhoto } from '../../tests/helpers/posePhotos.ts';
import { type Benchmark, median, round } from './types.ts';

const time = async (iterations: number, f: () => unknown): Promise<number> => {
  const ms: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return round(median(ms));
};

/**
 * `estimate()` on a 24-megapixel photo (6000×4000, the demo mannequin on a grey backdrop, no alpha), beside its
 * parts: the alpha scan, the two 192×192 resamplings, the three model runs (two crops, one mirrored); the floor is sharp resizing the same raw
 * pixels to 192×192 (what any pose step must at least do: read the photo once).
 */
export const poseBenchmark: Benchmark = {
  name: 'pose',
  async *run({ iterations, log }) {
    const width = 6000;
    const height = 4000;
    log(`pose ${width}x${height}: drawing the photo`);
    const photo = await mannequinPhoto('walking', { width, height, scale: 2.5 });
    const { image } = photo;
    const estimator = await createPoseEstimator({ modelsDir: defaultModelsDir() });
    const sessions = createSessionCache({ modelsDir: defaultModelsDir(), providers: ['cpu'] });
    try {
      const { session } = await sessions.get(POSE_MODEL_ID);
      const side = MOVENET_INPUT_SIZE;
      const whole = { x0: 0, y0: 0, x1: width, y1: height };
      const pixels = sampleCrop(image, squareAround(whole, 0), side, [60, 60, 60]);
      const feed = { image: new ort.Tensor('int32', pixels, [1, side, side, 3]) };
      log('pose: warming up');
      const found = await estimator.estimate(image);
      await session.run(feed);
      let error = 0;
      for (const name of COCO17) {
        const k = found[name];
        if (k) error += Math.hypot(k.x - photo.keypoints[name].x, k.y - photo.keypoints[name].y) / photo.figureHeight;
      }
      const estimateMs = await time(iterations, () => estimator.estimate(image));
      const alphaScanMs = await time(iterations, () => alphaBox(image));
      const backdropMs = await time(iterations, () => backdropFor(image, whole));
      const sampleMs = await time(iterations, () => sampleCrop(image, squareAround(whole, 0), side, [60, 60, 60]));
      const modelMs = await time(iterations, () => session.run(feed));
      const raw = { raw: { width, height, channels: 4 as const } };
      const sharpResizeMs = await time(iterations, () =>
        sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), raw)
          .resize(side, side, { fit: 'contain' })
          .raw()
          .toBuffer(),
      );
      yield {
        size: `${width}x${height}`,
        provider: 'cpu',
        iterations,
        estimateMs,
        parts: { alphaScanMs, backdropMs, sampleMs, modelMs, modelRuns: 3 },
        sharpResizeMs,
        ratioToSharpResize: round(estimateMs / sharpResizeMs, 2),
        modelShare: round((3 * modelMs) / estimateMs, 2),
        meanErrorPct: round((100 * error) / Object.keys(found).length, 2),
        cores: os.availableParallelism(),
      };
    } finally {
      await estimator.dispose();
      await sessions.release();
    }
  },
};
