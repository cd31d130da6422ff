import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExtraModel } from '../modelFiles.ts';
import { kerasToOnnx } from './esrganOnnx.ts';
import { installedPackageDir } from './packageDir.ts';
import { type KerasModel, parseTfjsLayersModel } from './tfjsLayers.ts';

export const ESRGAN_PACKAGE = '@upscalerjs/esrgan-slim';
export const ESRGAN_VERSION = '1.0.0';
export const UPSCALE_MODEL_ID = 'upscale-esrgan-slim-x2';

/** The package's folder, or undefined when it is not installed. */
export function esrganPackageDir(fromDir: string = import.meta.dirname): string | undefined {
  return installedPackageDir(ESRGAN_PACKAGE, fromDir);
}

export function loadEsrganSlim(packageDir: string, scale = 2): KerasModel {
  const modelDir = path.join(packageDir, 'models', `x${scale}`);
  const json: unknown = JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
  return parseTfjsLayersModel(json, (p) => new Uint8Array(readFileSync(path.join(modelDir, p))));
}

/** The 2× upscaler as a manifest entry: the package's TF.js weights converted to ONNX. */
export function esrganUpscaleModel(packageDir: string): ExtraModel {
  const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const bytes = kerasToOnnx(loadEsrganSlim(packageDir, 2), {
    id: UPSCALE_MODEL_ID,
    scale: 2,
    doc: `ESRGAN (RDN, slim) 2x from ${ESRGAN_PACKAGE}@${version} (MIT, (c) 2022 Kevin Scott), converted to ONNX by Twin Studio.`,
  });
  return {
    spec: {
      id: UPSCALE_MODEL_ID,
      stage: 'upscale',
      inputs: [{ name: 'image', dtype: 'float32', dims: [1, 3, 'H', 'W'] }],
      outputs: [{ name: 'upscaled', dtype: 'float32', dims: [1, 3, '2H', '2W'] }],
    },
    bytes,
    licence: `MIT (${ESRGAN_PACKAGE}@${version}, (c) 2022 Kevin Scott; converted by Twin Studio)`,
  };
}
