import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabelRow } from '../../src/export/labels.ts';
import { BUILTIN_PRESETS } from '../../src/export/preset.schema.ts';
import { sealBatch } from '../../src/export/seal.ts';

const row = (file: string) =>
  ({ file, sha256: '0'.repeat(64), sku: 'SKU-1', garments: ['g-1'] }) as unknown as LabelRow;

describe('sealing a batch', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes manifest.json and labels.csv sorted by file, and zips exactly those files the same way twice', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seal-'));
    dirs.push(dir);
    for (const f of ['b.jpg', 'a.jpg', 'stray.txt']) writeFileSync(path.join(dir, f), f);
    const zip = path.join(dir, '..', `${path.basename(dir)}.zip`);
    const preset = BUILTIN_PRESETS[0]!;
    const held = [{ outputId: 'o-9', shotId: 's', code: 'LICENCE_REVOKED' as const, message: 'revoked' }];
    const rows = sealBatch({ dir, preset, images: [row('b.jpg'), row('a.jpg')], heldBack: held, zip });
    expect(rows.map((r) => r.file)).toEqual(['a.jpg', 'b.jpg']);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      images: LabelRow[];
      heldBack: unknown[];
    };
    expect(manifest.images.map((r) => r.file)).toEqual(['a.jpg', 'b.jpg']);
    expect(manifest.heldBack).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'labels.csv'), 'utf8').split('\r\n')[1]).toMatch(/^a\.jpg,/);
    const first = readFileSync(zip);
    expect(Object.keys(unzipSync(first))).toEqual(['a.jpg', 'b.jpg', 'labels.csv', 'manifest.json']);
    sealBatch({ dir, preset, images: [row('a.jpg'), row('b.jpg')], heldBack: held, zip });
    expect(readFileSync(zip)).toEqual(first);
    rmSync(zip);
  });
});
