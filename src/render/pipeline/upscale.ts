import * as ort from 'onnxruntime-node';
import type { Shot } from '../../shots/index.ts';
import type { Size } from './placement.ts';

export const UPSCALE_MODEL_ID = 'upscale-esrgan-slim-x2';

/**
 * The shot the upscale path renders: half the output size, rounded up (the 2× result is cropped back), with the
 * twin's placement halved so that every position derived from it (keypoints, garment fits, shadow) halves too.
 */
export function halfSizeShot(shot: Shot): Shot {
  const { transform } = shot.twin;
  return {
    ...shot,
    output: { width: Math.ceil(shot.output.width / 2), height: Math.ceil(shot.output.height / 2) },
    twin: {
      ...shot.twin,
      transform: { ...transform, x: transform.x / 2, y: transform.y / 2, scale: transform.scale / 2 },
    },
  };
}

/** Runs the 2× model on a planar RGB image and crops its result to `target` (at most twice the input). */
export async function upscaleRgb(
  session: ort.InferenceSession,
  rgb: Float32Array,
  size: Size,
  target: Size,
): Promise<Float32Array> {
  const input = new ort.Tensor('float32', rgb, [1, 3, size.height, size.width]);
  const result = await session.run({ [session.inputNames[0] as string]: input });
  const out = (result[session.outputNames[0] as string] as ort.Tensor).data as Float32Array;
  const w2 = 2 * size.width;
  const h2 = 2 * size.height;
  if (w2 === target.width && h2 === target.height) return out;
  const n = target.width * target.height;
  const cropped = new Float32Array(3 * n);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < target.height; y++) {
      const from = c * w2 * h2 + y * w2;
      cropped.set(out.subarray(from, from + target.width), c * n + y * target.width);
    }
  return cropped;
}
