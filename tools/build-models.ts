// `npm run models:build`: writes models/*.onnx and models/manifest.json from the graphs authored in
// src/render/graphs. Byte for byte reproducible; tests/render/modelFiles.test.ts checks the committed files.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildModelFiles } from '../src/render/modelFiles.ts';

const outDir = path.resolve(import.meta.dirname, '..', 'models');
await mkdir(outDir, { recursive: true });
const built = buildModelFiles();
for (const { file, bytes } of built.files) await writeFile(path.join(outDir, file), bytes);
await writeFile(path.join(outDir, 'manifest.json'), built.manifestText);
for (const m of built.manifest.models) console.log(`${m.file}  ${m.sha256.slice(0, 16)}  ${m.stage}`);
