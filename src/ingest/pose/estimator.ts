import * as ort from 'onnxruntime-node';
import { StudioError } from '../../errors/index.ts';
import { createSessionCache } from '../../render/models.ts';
import { COCO17, type Coco17Name } from '../../twins/keypoints.schema.ts';
import type { EstimatedKeypoints, PoseEstimator, RgbaImage } from '../poseEstimator.ts';
import { type Box, type Rgb, type SquareCrop, alphaBox, backdropFor, sampleCrop, squareAround } from './crop.ts';
import { MOVENET_INPUT_SIZE, POSE_MODEL_ID } from './movenet.ts';
import { levelShoulders, type ScoredPoint } from './shoulders.ts';

/**
 * Body keypoints with MoveNet SinglePose Lightning on onnxruntime-node's CPU provider.
 *
 * 1. Where the person is: the box of the alpha channel when the image has one (a cut-out), else the whole image.
 * 2. First pass: a square around that box (with a margin) resampled to 192×192, laid on a grey backdrop that
 *    contrasts with the figure (dark under a light figure, light under a dark one).
 * 3. Second pass, as MoveNet's own demos do: a square around the first pass's confident keypoints, centred on the
 *    hips, so the body fills the model's input; its answer is kept unless its scores fall below the first's.
 * 4. The chosen crop once more, mirrored (left and right swapped back after): each point is the score-weighted
 *    mean of the two answers, its score their mean. On the demo mannequins this takes 0.1–0.25 points off the
 *    mean error (docs/ingest.md).
 * 5. On a cut-out, the shoulders levelled against the silhouette's top above each (levelShoulders: MoveNet puts a
 *    turned figure's far shoulder low).
 * 6. Keypoints back in the image's pixels; `visibility` from the score (see the thresholds below); a point that
 *    falls outside the image (a foot below the frame) is left out, as `twin verify` refuses such points.
 */

/** A score at or above this is `visible`. */
export const VISIBLE_SCORE = 0.3;
/** A score below this is left out (the model cannot place the point); between the two it is `occluded`. */
export const MIN_SCORE = 0.1;
/** Keypoints at or above this score steer the second pass's crop. */
const CROP_SCORE = 0.2;
/** A second-pass crop smaller than this (half its side, in pixels) is a misreading, not a body. */
const MIN_CROP_HALF = 8;
/** Margin around the figure's box in the first pass, as a share of its longer side. */
const FIRST_MARGIN = 0.1;

export interface PoseEstimatorOptions {
  modelsDir: string;
  /** Scores at or above are `visible` (default 0.3). */
  visibleScore?: number;
  /** Scores below are left out (default 0.1). */
  minScore?: number;
}

interface Pass {
  crop: SquareCrop;
  /** The model's input for this crop. */
  pixels: Int32Array;
  /** (x, y, score) per COCO keypoint, x and y in the image's pixels. */
  points: ScoredPoint[];
}

function checkImage(image: RgbaImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new StudioError(
      'IMAGE_CORRUPT',
      `Expected an image of positive whole width and height, got ${width}×${height}`,
      {
        width,
        height,
      },
    );
  }
  if (data.length !== width * height * 4) {
    throw new StudioError(
      'IMAGE_CORRUPT',
      `Expected ${width}×${height}×4 = ${width * height * 4} bytes of RGBA, got ${data.length}`,
      { width, height, bytes: data.length },
    );
  }
}

export async function createPoseEstimator(options: PoseEstimatorOptions): Promise<PoseEstimator> {
  const visibleScore = options.visibleScore ?? VISIBLE_SCORE;
  const minScore = options.minScore ?? MIN_SCORE;
  const cache = createSessionCache({ modelsDir: options.modelsDir, providers: ['cpu'] });
  const { session } = await cache.get(POSE_MODEL_ID);
  const side = MOVENET_INPUT_SIZE;

  async function infer(pixels: Int32Array): Promise<Float32Array> {
    const result = await session.run({ image: new ort.Tensor('int32', pixels, [1, side, side, 3]) });
    return (result.keypoints as ort.Tensor).data as Float32Array;
  }

  async function run(image: RgbaImage, crop: SquareCrop, backdrop: Rgb): Promise<Pass> {
    const pixels = sampleCrop(image, crop, side, backdrop);
    const out = await infer(pixels);
    const points = COCO17.map((_, k) => ({
      x: crop.x + (out[3 * k + 1] as number) * crop.size,
      y: crop.y + (out[3 * k] as number) * crop.size,
      score: out[3 * k + 2] as number,
    }));
    return { crop, pixels, points };
  }

  /** The pass's crop mirrored; the answers averaged with the pass's, weighted by score. */
  async function withMirror(pass: Pass): Promise<Pass> {
    const out = await infer(mirrored(pass.pixels, side));
    const { crop } = pass;
    const points = pass.points.map((p, k) => {
      const m = MIRROR[k] as number;
      const q = {
        x: crop.x + (1 - (out[3 * m + 1] as number)) * crop.size,
        y: crop.y + (out[3 * m] as number) * crop.size,
        score: out[3 * m + 2] as number,
      };
      const w = p.score + q.score;
      if (w <= 0) return p;
      return { x: (p.x * p.score + q.x * q.score) / w, y: (p.y * p.score + q.y * q.score) / w, score: w / 2 };
    });
    return { ...pass, points };
  }

  return {
    async estimate(image, estimateOptions = {}) {
      const { signal } = estimateOptions;
      signal?.throwIfAborted();
      checkImage(image);
      const box = alphaBox(image);
      if (box === null) return {};
      const whole: Box = { x0: 0, y0: 0, x1: image.width, y1: image.height };
      const backdrop = backdropFor(image, box ?? whole);
      const first = await run(image, squareAround(box ?? whole, box ? FIRST_MARGIN : 0), backdrop);
      signal?.throwIfAborted();
      const refined = bodyCrop(first);
      let best = first;
      if (refined) {
        const second = await run(image, refined, backdrop);
        signal?.throwIfAborted();
        if (meanScore(second) >= meanScore(first)) best = second;
      }
      const final = await withMirror(best);
      signal?.throwIfAborted();
      const keypoints: EstimatedKeypoints = {};
      const points = box ? levelShoulders(final.points, image) : final.points;
      points.forEach((p, k) => {
        if (p.score < minScore) return;
        // Outside the image (a foot below the frame's edge): not in this photo, so not placed.
        if (p.x < 0 || p.y < 0 || p.x > image.width || p.y > image.height) return;
        keypoints[COCO17[k] as Coco17Name] = {
          x: p.x,
          y: p.y,
          visibility: p.score >= visibleScore ? 'visible' : 'occluded',
          confidence: p.score,
        };
      });
      return keypoints;
    },
    async dispose() {
      await cache.release();
    },
  };
}

/** For each COCO keypoint, its mirror image's index (left ↔ right). */
const MIRROR = COCO17.map((name) => {
  const other = name.startsWith('left_')
    ? name.replace('left_', 'right_')
    : name.startsWith('right_')
      ? name.replace('right_', 'left_')
      : name;
  return COCO17.indexOf(other as Coco17Name);
});

/** NHWC RGB of `side`×`side`, flipped left to right. */
function mirrored(pixels: Int32Array, side: number): Int32Array {
  const out = new Int32Array(pixels.length);
  for (let i = 0; i < side; i++)
    for (let j = 0; j < side; j++) {
      const from = (i * side + j) * 3;
      const to = (i * side + side - 1 - j) * 3;
      out[to] = pixels[from] as number;
      out[to + 1] = pixels[from + 1] as number;
      out[to + 2] = pixels[from + 2] as number;
    }
  return out;
}

const meanScore = (pass: Pass): number => pass.points.reduce((s, p) => s + p.score, 0) / pass.points.length;

const TORSO: readonly Coco17Name[] = ['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'];
const at = (pass: Pass, name: Coco17Name): Pass['points'][number] => pass.points[COCO17.indexOf(name)]!;

/**
 * MoveNet's demo crop: centred between the hips, reaching 1.9× the torso's farthest joint and 1.2× the body's
 * from there, so the whole figure is in with a margin. Undefined when the torso is not confidently placed.
 */
export function bodyCrop(pass: Pass): SquareCrop | undefined {
  if (TORSO.some((n) => at(pass, n).score < CROP_SCORE)) return undefined;
  const lh = at(pass, 'left_hip');
  const rh = at(pass, 'right_hip');
  const cx = (lh.x + rh.x) / 2;
  const cy = (lh.y + rh.y) / 2;
  let torso = 0;
  for (const n of TORSO) torso = Math.max(torso, Math.abs(at(pass, n).x - cx), Math.abs(at(pass, n).y - cy));
  let body = 0;
  for (const p of pass.points) if (p.score >= CROP_SCORE) body = Math.max(body, Math.abs(p.x - cx), Math.abs(p.y - cy));
  const half = Math.max(torso * 1.9, body * 1.2);
  if (!(half >= MIN_CROP_HALF)) return undefined;
  return { x: cx - half, y: cy - half, size: 2 * half };
}
