import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type TfGraphModel, parseTfjsGraphModel, tfGraphToOnnx } from '../../onnx/tfjsGraph.ts';
import { installedPackageDir } from '../../render/learned/packageDir.ts';
import type { ExtraModel } from '../../render/modelFiles.ts';

/**
 * MoveNet SinglePose Lightning v4 (Google, Apache-2.0), as the TF.js graph model inside @vladmandic/human (MIT),
 * converted to ONNX at `npm run models:build`. Input: one RGB image, int32 0…255, 192×192, NHWC. Output: 17 COCO
 * keypoints as (y, x, score), y and x in 0…1 of the input.
 */
export const MOVENET_PACKAGE = '@vladmandic/human';
export const MOVENET_VERSION = '3.3.6';
export const POSE_MODEL_ID = 'pose-movenet-lightning';
export const MOVENET_INPUT_SIZE = 192;
/** The licence texts shipped beside the model (models/LICENSES/). */
export const MOVENET_LICENCE_FILE = 'LICENSES/movenet-lightning.txt';

export function movenetPackageDir(fromDir: string = import.meta.dirname): string | undefined {
  return installedPackageDir(MOVENET_PACKAGE, fromDir);
}

export function loadMovenetLightning(packageDir: string): TfGraphModel {
  const modelDir = path.join(packageDir, 'models');
  const json: unknown = JSON.parse(readFileSync(path.join(modelDir, 'movenet-lightning.json'), 'utf8'));
  return parseTfjsGraphModel(json, (p) => new Uint8Array(readFileSync(path.join(modelDir, p))));
}

const INPUT = { name: 'image', dtype: 'int32', dims: [1, MOVENET_INPUT_SIZE, MOVENET_INPUT_SIZE, 3] } as const;
const OUTPUT = { name: 'keypoints', dtype: 'float32', dims: [1, 1, 17, 3] } as const;

/** The pose model as a manifest entry. */
export function movenetPoseModel(packageDir: string): ExtraModel {
  const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const bytes = tfGraphToOnnx(loadMovenetLightning(packageDir), {
    id: POSE_MODEL_ID,
    doc:
      `MoveNet SinglePose Lightning v4 (Google, Apache-2.0) from ${MOVENET_PACKAGE}@${version} (MIT), ` +
      'converted to ONNX by Twin Studio.',
    inputs: [{ tf: 'input', ...INPUT }],
    outputs: [{ tf: 'Identity', ...OUTPUT }],
  });
  return {
    spec: {
      id: POSE_MODEL_ID,
      stage: 'pose',
      inputs: [{ ...INPUT, dims: [...INPUT.dims] }],
      outputs: [{ ...OUTPUT, dims: [...OUTPUT.dims] }],
    },
    bytes,
    licence:
      `Apache-2.0 (MoveNet SinglePose Lightning v4, Google) via ${MOVENET_PACKAGE}@${version} (MIT, ` +
      `(c) Vladimir Mandic); converted by Twin Studio; texts in ${MOVENET_LICENCE_FILE}`,
  };
}
