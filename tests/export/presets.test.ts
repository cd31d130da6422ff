import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUILTIN_PRESETS,
  describePreset,
  expandName,
  findPreset,
  labelsCsv,
  loadPresets,
  uniqueNames,
  type LabelRow,
} from '../../src/export/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

describe('export presets and naming', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const write = (presets: unknown[]) =>
    writeFileSync(path.join(tmp.dir, 'export-presets.json'), JSON.stringify({ format: 'export-presets/1', presets }));

  it('has the three channel presets with their sizes, fit and formats', () => {
    expect(BUILTIN_PRESETS.map((p) => [p.name, p.width, p.height, p.fit, p.background, p.format, p.quality])).toEqual([
      ['product-page', 2000, 3000, 'cover', '#ffffff', 'jpeg', 90],
      ['marketplace', 1600, 1600, 'contain', '#ffffff', 'jpeg', 90],
      ['social', 1080, 1350, 'cover', '#ffffff', 'webp', 85],
    ]);
    expect(loadPresets(tmp.dir)).toEqual(BUILTIN_PRESETS);
  });

  it('schema-checks user presets: defaults filled, unknown placeholders, paths and duplicate names refused', () => {
    write([{ name: 'lookbook', width: 800, height: 1000, fit: 'contain', format: 'png' }]);
    expect(findPreset(tmp.dir, 'lookbook')).toEqual({
      name: 'lookbook',
      description: '',
      width: 800,
      height: 1000,
      fit: 'contain',
      background: '#ffffff',
      format: 'png',
      quality: 90,
      colourProfile: 'srgb',
      naming: '{sku}_{shot}_{view}_{n}',
    });
    expect(describePreset(findPreset(tmp.dir, 'lookbook'))).toBe(
      'lookbook\t800×1000 contain on #ffffff PNG sRGB\t{sku}_{shot}_{view}_{n}',
    );

    write([{ name: 'bad', width: 800, height: 1000, fit: 'cover', format: 'jpeg', naming: '{sku}_{colour}' }]);
    expect(() => loadPresets(tmp.dir)).toThrow(
      expect.objectContaining({
        code: 'EXPORT_PRESET_INVALID',
        message: expect.stringMatching(
          /Expected only the placeholders \{sku\}.* for presets\.0\.naming but received "\{sku\}_\{colour\}"/,
        ),
      }),
    );
    write([{ name: 'bad', width: 800, height: 1000, fit: 'cover', format: 'jpeg', naming: '../{sku}' }]);
    expect(() => loadPresets(tmp.dir)).toThrow(expect.objectContaining({ code: 'EXPORT_PRESET_INVALID' }));
    write([{ name: 'bad', width: 800, height: 1000, fit: 'stretch', format: 'tiff' }]);
    expect(() => loadPresets(tmp.dir)).toThrow(
      expect.objectContaining({
        code: 'EXPORT_PRESET_INVALID',
        details: expect.objectContaining({ fields: ['presets.0.fit', 'presets.0.format'] }),
      }),
    );
    write([{ name: 'social', width: 800, height: 1000, fit: 'cover', format: 'jpeg' }]);
    expect(() => loadPresets(tmp.dir)).toThrow(
      expect.objectContaining({
        code: 'EXPORT_PRESET_INVALID',
        message: expect.stringMatching(/social is already a built-in preset/),
      }),
    );
    expect(() => findPreset(tmp.dir + '-none', 'nope')).toThrow(
      expect.objectContaining({ code: 'EXPORT_PRESET_NOT_FOUND' }),
    );
  });

  it('expands names safely and keeps them unique in a stable order', () => {
    const preset = BUILTIN_PRESETS[0]!;
    expect(
      expandName(preset, {
        sku: 'SKU 10/ä',
        shot: 'shot-1',
        view: 'front',
        n: '2',
        twin: 't',
        usage: 'u',
        preset: 'p',
      }),
    ).toBe('SKU-10-a_shot-1_front_2.jpg');
    expect(expandName(preset, { sku: '', shot: 's', view: 'v', n: '1', twin: 't', usage: 'u', preset: 'p' })).toBe(
      'nosku_s_v_1.jpg',
    );
    expect(uniqueNames(['a.jpg', 'b.jpg', 'A.jpg', 'a.jpg'])).toEqual(['a.jpg', 'b.jpg', 'A-2.jpg', 'a-3.jpg']);
  });

  it('writes labels.csv with RFC 4180 quoting and spreadsheet formulas defused', () => {
    const row = {
      file: 'a.jpg',
      sha256: 'f'.repeat(64),
      sku: '=HYPERLINK("x")',
      twinId: 't',
      licenceId: 'l',
      usageId: 'u',
      exportRecordId: 'e',
      channel: 'ecommerce',
      territory: 'EU',
      sceneId: 's',
      garments: ['g1', 'g2'],
      disclosure: 'AI-generated, twin',
      approvedBy: 'rita',
      approvedAt: '2026-11-23T10:00:00.000Z',
      width: 1,
      height: 1,
      format: 'jpeg',
      shotId: 's',
      watermarkPayload: 'AAAA-BBBB-CCCC',
    } satisfies LabelRow;
    const [header, line] = labelsCsv([row]).split('\r\n');
    expect(header).toBe(
      'file,sha256,sku,twin_id,licence_id,usage_id,channel,territory,scene,garments,ai_disclosure,approved_by,approved_at,export_record_id,watermark',
    );
    expect(line).toBe(
      `a.jpg,${'f'.repeat(64)},"'=HYPERLINK(""x"")",t,l,u,ecommerce,EU,s,g1;g2,"AI-generated, twin",rita,2026-11-23T10:00:00.000Z,e,AAAA-BBBB-CCCC`,
    );
  });
});
