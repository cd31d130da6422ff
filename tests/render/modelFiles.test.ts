import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto/index.ts';
import { buildModelFiles } from '../../src/render/modelFiles.ts';

const modelsDir = path.resolve(import.meta.dirname, '..', '..', 'models');

describe('models/ (npm run models:build)', () => {
  it('rebuilds in memory to exactly the committed files and manifest', async () => {
    const built = buildModelFiles();
    expect(await readFile(path.join(modelsDir, 'manifest.json'), 'utf8')).toBe(built.manifestText);
    for (const entry of built.manifest.models) {
      const onDisk = await readFile(path.join(modelsDir, entry.file));
      expect(sha256Hex(onDisk), entry.file).toBe(entry.sha256);
    }
  });

  it('is deterministic and names each model with its stage, opset, I/O and licence', () => {
    const a = buildModelFiles();
    const b = buildModelFiles();
    expect(a.manifestText).toBe(b.manifestText);
    const ids = a.manifest.models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['warp-tps', 'composite-over', 'harmonize', 'contact-shadow', 'render-combined']));
    for (const m of a.manifest.models) {
      expect(m.opset).toBe(17);
      expect(m.licence).toBe('MIT (authored by Twin Studio)');
      expect(m.inputs.length).toBeGreaterThan(0);
    }
    const combined = a.manifest.models.find((m) => m.id === 'render-combined');
    expect(combined?.outputs).toEqual([{ name: 'composite', dtype: 'float32', dims: [1, 4, 'H', 'W'] }]);
  });
});
