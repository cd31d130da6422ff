import { describe, expect, it } from 'vitest';
import { checkUpscale, planBatch, scaleFactor } from '../../src/export/plan.ts';
import { BUILTIN_PRESETS, type ExportPreset } from '../../src/export/preset.schema.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import type { Shot } from '../../src/shots/index.ts';
import { FIXTURE_NOW } from '../helpers/clock.ts';

const productPage = BUILTIN_PRESETS.find((p) => p.name === 'product-page')!;

function output(outputId: string, shotId: string, createdAt: string, size = { width: 2000, height: 3000 }) {
  return {
    outputId,
    shotId,
    createdAt,
    sceneId: 'studio-grey',
    twinId: 'twin-mara',
    ...size,
  } as OutputEntry;
}

const shots: Record<string, Partial<Shot>> = {
  'shot-a': { name: 'Linen dress, front', sku: 'SKU-100', twin: { poseId: 'front' } as Shot['twin'] },
  'shot-b': { name: 'Coat / back', sku: '', twin: { poseId: 'back' } as Shot['twin'] },
};

function plan(preset: ExportPreset, list: OutputEntry[], sku?: string) {
  return planBatch({
    ws: {
      shots: {
        load: (id: string) => {
          const shot = shots[id];
          if (!shot) throw new Error(`no shot ${id}`);
          return shot as Shot;
        },
      } as never,
    },
    // Newest first, as the outputs repo lists them.
    outputs: {
      list: ({ shotId } = {}) =>
        list.filter((o) => o.shotId === shotId).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    },
    ledger: { get: () => ({ use: { channel: 'ecommerce', territory: 'EU' } }) as never },
    preset,
    list,
    now: FIXTURE_NOW,
    ...(sku ? { sku } : {}),
  });
}

describe('the batch plan', () => {
  const list = [
    output('o-3', 'shot-b', '2026-11-02T10:00:00.000Z'),
    output('o-2', 'shot-a', '2026-11-01T11:00:00.000Z'),
    output('o-1', 'shot-a', '2026-11-01T10:00:00.000Z'),
    output('o-4', 'shot-gone', '2026-11-03T10:00:00.000Z'),
  ];

  it('expands every naming token: the shot by its name, the scene, channel, place in batch and date', () => {
    const preset = { ...productPage, naming: '{sku}_{shot}_{scene}_{channel}_{index}_{date}_{n}' };
    const date = FIXTURE_NOW.toISOString().slice(0, 10).replace(/-/g, '');
    expect(plan(preset, list).images.map((p) => p.file)).toEqual([
      `SKU-100_Linen-dress-front_studio-grey_ecommerce_001_${date}_1.jpg`,
      `SKU-100_Linen-dress-front_studio-grey_ecommerce_002_${date}_2.jpg`,
      `nosku_Coat-back_studio-grey_ecommerce_003_${date}_1.jpg`,
      // A shot that cannot be read any more is named by its id.
      `nosku_shot-gone_studio-grey_ecommerce_004_${date}_1.jpg`,
    ]);
  });

  it("uses the recipe's SKU for shots without one; a shot's own SKU wins", () => {
    const preset = { ...productPage, naming: '{sku}_{shotid}' };
    expect(plan(preset, list, 'SKU-900').images.map((p) => p.file)).toEqual([
      'SKU-100_shot-a.jpg',
      'SKU-100_shot-a-2.jpg',
      'SKU-900_shot-b.jpg',
      'SKU-900_shot-gone.jpg',
    ]);
  });

  it('says which images the frame enlarges and by how much, largest first', () => {
    const small = [
      output('o-1', 'shot-a', '2026-11-01T10:00:00.000Z', { width: 1365, height: 2048 }),
      output('o-2', 'shot-a', '2026-11-01T11:00:00.000Z', { width: 1000, height: 1500 }),
      output('o-3', 'shot-b', '2026-11-02T10:00:00.000Z', { width: 2000, height: 3000 }),
      output('o-4', 'shot-b', '2026-11-02T11:00:00.000Z', { width: 1999, height: 2999 }),
    ];
    const { upscaled } = plan(productPage, small);
    expect(upscaled.map((p) => [p.output.outputId, Number(p.upscale.toFixed(3))])).toEqual([
      ['o-2', 2],
      ['o-1', 1.465],
    ]);
  });

  it('scales cover to fill and contain to fit', () => {
    const source = { width: 1000, height: 1500 };
    expect(scaleFactor(source, { ...productPage, width: 1600, height: 1600, fit: 'cover' })).toBeCloseTo(1.6);
    expect(scaleFactor(source, { ...productPage, width: 1600, height: 1600, fit: 'contain' })).toBeCloseTo(1.0667);
  });

  it('refuses, with a typed error naming the factor, when the preset refuses to upscale', () => {
    const small = [output('o-1', 'shot-a', '2026-11-01T10:00:00.000Z', { width: 1365, height: 2048 })];
    const refusing: ExportPreset = { ...productPage, upscale: 'refuse' };
    expect(() => checkUpscale(plan(refusing, small), refusing)).toThrow(
      expect.objectContaining({
        code: 'EXPORT_UPSCALE_REFUSED',
        message: expect.stringContaining('1.47× (1365×2048 → 2000×3000)'),
        details: expect.objectContaining({ factor: 1.47, count: 1 }),
      }),
    );
    // The default warns instead: nothing thrown; and a frame inside the source is no upscale at all.
    expect(() => checkUpscale(plan(productPage, small), productPage)).not.toThrow();
    const inside = { ...refusing, width: 1200, height: 1800 };
    expect(() => checkUpscale(plan(inside, small), inside)).not.toThrow();
  });
});
