// `npm run models:build`: writes models/*.onnx and models/manifest.json from the graphs authored in
// src/render/graphs, plus the `upscale` stage converted from @upscalerjs/esrgan-slim's TF.js weights and the `pose`
// stage converted from the MoveNet graph model inside @vladmandic/human (its licence texts: models/LICENSES/).
// Byte for byte reproducible; tests/render/modelFiles.test.ts checks the committed files.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ESRGAN_PACKAGE,
  ESRGAN_VERSION,
  esrganPackageDir,
  esrganUpscaleModel,
} from '../src/render/learned/esrganSlim.ts';
import { MOVENET_PACKAGE, MOVENET_VERSION, movenetPackageDir, movenetPoseModel } from '../src/ingest/pose/movenet.ts';
import { buildModelFiles } from '../src/render/modelFiles.ts';

const outDir = path.resolve(import.meta.dirname, '..', 'models');
const esrgan = esrganPackageDir();
if (!esrgan) {
  console.error(
    `${ESRGAN_PACKAGE} is not installed; the upscale stage needs it: npm install ${ESRGAN_PACKAGE}@${ESRGAN_VERSION}`,
  );
  process.exit(1);
}
const movenet = movenetPackageDir();
if (!movenet) {
  console.error(
    `${MOVENET_PACKAGE} is not installed; the pose stage needs it: npm install ${MOVENET_PACKAGE}@${MOVENET_VERSION}`,
  );
  process.exit(1);
}
await mkdir(outDir, { recursive: true });
const built = buildModelFiles([esrganUpscaleModel(esrgan), movenetPoseModel(movenet)]);
for (const { file, bytes } of built.files) await writeFile(path.join(outDir, file), bytes);
await writeFile(path.join(outDir, 'manifest.json'), built.manifestText);
for (const m of built.manifest.models) console.log(`${m.file}  ${m.sha256.slice(0, 16)}  ${m.stage}`);
