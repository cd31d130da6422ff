import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto/index.ts';
import { POSE_MODEL_ID, movenetPackageDir, movenetPoseModel } from '../../src/ingest/pose/movenet.ts';
import { UPSCALE_MODEL_ID, esrganPackageDir, esrganUpscaleModel } from '../../src/render/learned/esrganSlim.ts';
import { buildModelFiles } from '../../src/render/modelFiles.ts';

const modelsDir = path.resolve(import.meta.dirname, '..', '..', 'models');
const esrgan = esrganPackageDir();
const movenet = movenetPackageDir();

describe('models/ (npm run models:build)', () => {
  it('rebuilds the authored graphs in memory to exactly the committed files', async () => {
    const committed = JSON.parse(await readFile(path.join(modelsDir, 'manifest.json'), 'utf8')) as {
      models: { id: string; sha256: string }[];
    };
    for (const entry of buildModelFiles().manifest.models) {
      expect(committed.models.find((m) => m.id === entry.id)?.sha256, entry.id).toBe(entry.sha256);
      expect(sha256Hex(await readFile(path.join(modelsDir, entry.file))), entry.file).toBe(entry.sha256);
    }
  });

  it.skipIf(!esrgan || !movenet)(
    'rebuilds the whole manifest, upscaler and pose model included, byte for byte',
    async () => {
      const built = buildModelFiles([esrganUpscaleModel(esrgan as string), movenetPoseModel(movenet as string)]);
      expect(await readFile(path.join(modelsDir, 'manifest.json'), 'utf8')).toBe(built.manifestText);
      const upscale = built.manifest.models.find((m) => m.id === UPSCALE_MODEL_ID);
      expect(upscale?.stage).toBe('upscale');
      expect(sha256Hex(await readFile(path.join(modelsDir, upscale!.file)))).toBe(upscale!.sha256);
      const pose = built.manifest.models.find((m) => m.id === POSE_MODEL_ID);
      expect(pose?.stage).toBe('pose');
      expect(pose?.inputs).toEqual([{ name: 'image', dtype: 'int32', dims: [1, 192, 192, 3] }]);
      expect(pose?.licence).toMatch(/^Apache-2\.0 .*@vladmandic\/human@3\.3\.6 \(MIT/);
      expect(sha256Hex(await readFile(path.join(modelsDir, pose!.file)))).toBe(pose!.sha256);
    },
  );

  it.skipIf(!movenet)(
    'ships the pose model licence texts: Apache-2.0 for MoveNet, the MIT text of the npm package',
    async () => {
      const shipped = await readFile(path.join(modelsDir, 'LICENSES', 'movenet-lightning.txt'), 'utf8');
      expect(shipped).toContain('Apache License\n                           Version 2.0, January 2004');
      expect(shipped).toContain('END OF TERMS AND CONDITIONS');
      expect(shipped).toContain(await readFile(path.join(movenet as string, 'LICENSE'), 'utf8'));
    },
  );

  it('is deterministic and names each model with its stage, opset, I/O and licence', () => {
    const a = buildModelFiles();
    const b = buildModelFiles();
    expect(a.manifestText).toBe(b.manifestText);
    const ids = a.manifest.models.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining(['warp-tps', 'composite-over', 'harmonize', 'contact-shadow', 'render-combined']),
    );
    for (const m of a.manifest.models) {
      expect(m.opset).toBe(17);
      expect(m.licence).toBe('MIT (authored by Twin Studio)');
      expect(m.inputs.length).toBeGreaterThan(0);
    }
    const combined = a.manifest.models.find((m) => m.id === 'render-combined');
    // The scene, then the twin's pose image and the affine spline that places it (inside the model, like a garment).
    expect(combined?.inputs.slice(0, 6)).toEqual([
      { name: 'scene', dtype: 'uint8', dims: [1, 'H', 'W', 3] },
      { name: 'twin_image', dtype: 'uint8', dims: [1, 'KTH', 'KTW', 4] },
      { name: 'twin_tps_ctrl', dtype: 'float32', dims: ['KT', 2] },
      { name: 'twin_tps_coef', dtype: 'float32', dims: ['KT+3', 2] },
      { name: 'twin_tps_norm', dtype: 'float32', dims: [3] },
      { name: 'twin_box', dtype: 'int64', dims: [4] },
    ]);
    expect(combined?.inputs.find((t) => t.name === 'g0_garment')).toEqual({
      name: 'g0_garment',
      dtype: 'uint8',
      dims: [1, 'K0H', 'K0W', 4],
    });
    expect(combined?.outputs).toEqual([
      { name: 'composite', dtype: 'float32', dims: [1, 4, 'H', 'W'] },
      { name: 'rgba', dtype: 'uint8', dims: [1, 'H', 'W', 4] },
    ]);
  });
});
