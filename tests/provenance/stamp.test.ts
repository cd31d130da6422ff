import { execFileSync } from 'node:child_process';
import { systemClock } from '../../src/clock/index.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isStudioError } from '../../src/errors/index.ts';
import {
  createC2paSigner,
  createLabelRenderer,
  createStamper,
  createTestSigningIdentity,
  inspectFile,
  readXmp,
  verifyC2pa,
  type StampRequest,
  type Stamper,
  type Watermarker,
  type WatermarkImage,
} from '../../src/provenance/index.ts';
import { createFakeWatermarkerForTests } from '../helpers/fakeWatermarker.ts';
import { photoLikeRgba } from '../helpers/photoLike.ts';
import { lightBands, usageFacts } from '../helpers/provenanceFixtures.ts';

describe('stamping pipeline', () => {
  const labels = createLabelRenderer();
  let stamper: Stamper;
  let watermarker: Watermarker & { embedCalls: number };
  let seenByWatermark: WatermarkImage | undefined;
  let base: StampRequest;

  beforeAll(async () => {
    const identity = await createTestSigningIdentity({ orgName: 'Demo Studio', now: systemClock() });
    const signer = await createC2paSigner({ identity, appVersion: '0.1.0' });
    const fake = createFakeWatermarkerForTests();
    // Records what the watermark stage received, to prove the label was drawn before it.
    watermarker = {
      ...fake,
      get embedCalls() {
        return fake.embedCalls;
      },
      embed(image, payload) {
        seenByWatermark = { ...image, data: Buffer.from(image.data) };
        return fake.embed(image, payload);
      },
    };
    stamper = createStamper({
      watermarker,
      signer,
      appVersion: '0.1.0',
      labels,
      now: () => new Date('2026-11-23T09:30:00Z'),
    });
    base = { rgba: await photoLikeRgba(512, 768), format: 'png', usage: usageFacts() };
  });

  it('labels before watermarking, encodes XMP, signs last and hashes exactly the returned bytes', async () => {
    const result = await stamper.stamp(base);
    expect(result.c2pa).toBe('signed');
    expect(result.sha256).toBe(createHash('sha256').update(result.bytes).digest('hex'));
    // The watermark stage already saw the badge text (light glyph bands near the bottom).
    const bands = lightBands({ data: seenByWatermark!.data, width: 512, height: 768 }, 235);
    expect(bands.some((b) => b.top > 768 * 0.75)).toBe(true);
    // The final pixels carry the watermark (the decoded file is what the detector sees).
    const decoded = await sharp(result.bytes).ensureAlpha().raw().toBuffer();
    const detection = await watermarker.detect({ data: decoded, width: 512, height: 768, channels: 4 });
    expect(detection.found && watermarker.formatPayload(detection.payload)).toBe(result.watermarkPayload);
    expect((await readXmp(result.bytes))?.usageId).toBe(base.usage.usageId);
    // Without a foreground mask: the first corner of the default order, the proof mark on, and the XMP says so.
    expect(result.label).toEqual({ corner: 'bottom-right', overlap: 0, noClearCorner: false, proofMark: true });
    expect(await readXmp(result.bytes)).toMatchObject({ labelCorner: 'bottom-right', proofMark: true });
    expect((await verifyC2pa(result.bytes, 'png')).valid).toBe(true);
    expect(Object.keys(result.timings).sort()).toEqual([
      'c2paMs',
      'encodeMs',
      'hashMs',
      'labelMs',
      'totalMs',
      'watermarkMs',
    ]);
    expect(result.timings.totalMs).toBeGreaterThan(0);
  });

  it('signs after the XMP is written: editing one XMP byte breaks the C2PA data hash', async () => {
    const result = await stamper.stamp({ ...base, format: 'jpeg', quality: 90 });
    expect((await verifyC2pa(result.bytes, 'jpeg')).valid).toBe(true);
    const at = result.bytes.indexOf(Buffer.from(`twin:usageCode="${base.usage.code}"`));
    expect(at).toBeGreaterThan(0);
    const edited = Buffer.from(result.bytes);
    const codeAt = at + 'twin:usageCode="'.length;
    edited[codeAt] = 'Z'.charCodeAt(0);
    const verdict = await verifyC2pa(edited, 'jpeg');
    expect(verdict.valid).toBe(false);
    expect(verdict.validationErrors.map((e) => e.code)).toContain('assertion.dataHash.mismatch');
  });

  for (const format of ['jpeg', 'png'] as const) {
    it(`leaves a final ${format} that exiftool reads both the XMP and the C2PA JUMBF from`, async () => {
      const result = await stamper.stamp({ ...base, format, quality: 90 });
      const file = join(mkdtempSync(join(tmpdir(), 'stamp-')), `out.${format}`);
      writeFileSync(file, result.bytes);
      const tags = JSON.parse(
        execFileSync('exiftool', ['-j', '-G1', '-a', '-n', file], { encoding: 'utf8' }),
      )[0] as Record<string, unknown>;
      expect(tags['XMP-iptcExt:DigitalSourceType']).toBe(
        'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
      );
      expect(tags['XMP-twin:UsageId']).toBe(base.usage.usageId);
      expect(JSON.stringify(tags)).toContain('dev.twin-studio.usage');
    });
  }

  it('writes WebP with XMP, label and watermark but no C2PA manifest (c2pa-ts has no WebP support)', async () => {
    const result = await stamper.stamp({ ...base, format: 'webp', quality: 90 });
    expect(result.c2pa).toBe('unsupported-format');
    expect((await sharp(result.bytes).metadata()).format).toBe('webp');
    expect((await readXmp(result.bytes))?.twinId).toBe(base.usage.twinId);
    const inspection = await inspectFile(result.bytes, { watermarker, labels });
    expect(inspection.labelPresent).toBe(true);
    expect(inspection.c2pa.present).toBe(false);
  });

  it('cannot produce an output without the label, whatever the request says', async () => {
    const sneaky = {
      ...base,
      label: false,
      labelOptions: { enabled: false },
      skipLabel: true,
    } as unknown as StampRequest;
    const result = await stamper.stamp(sneaky);
    const inspection = await inspectFile(result.bytes, { watermarker, labels });
    expect(inspection.labelPresent).toBe(true);
    const callsBefore = watermarker.embedCalls;
    for (const labelWording of ['', '  ']) {
      let code: string | undefined;
      try {
        await stamper.stamp({ ...base, labelWording });
      } catch (error) {
        code = isStudioError(error) ? error.code : undefined;
      }
      expect(code).toBe('LABEL_WORDING_INVALID');
    }
    expect(watermarker.embedCalls).toBe(callsBefore);
  });

  it('skips the embed only when told the pixels carry the mark already, and says so; in place it draws on the pixels given', async () => {
    const before = watermarker.embedCalls;
    const embedded = await stamper.stamp(base);
    expect(embedded.watermark).toBe('embedded');
    expect(watermarker.embedCalls).toBe(before + 1);
    const carried = await stamper.stamp({ ...base, watermark: 'carried' });
    expect(carried.watermark).toBe('carried');
    expect(watermarker.embedCalls).toBe(before + 1);
    expect((await inspectFile(carried.bytes, { watermarker, labels })).labelPresent).toBe(true);

    const pixels = { ...base.rgba, data: Buffer.from(base.rgba.data) };
    await stamper.stamp(base);
    expect(pixels.data.equals(base.rgba.data)).toBe(true); // a copy by default
    await stamper.stamp({ ...base, rgba: pixels, inPlace: true });
    expect(pixels.data.equals(base.rgba.data)).toBe(false); // handed over: labelled and marked in place
  });

  it('draws a label planned ahead when it was planned for this image and usage, and lays it out anew otherwise', async () => {
    let prepared = 0;
    const counting = {
      ...labels,
      prepare: (...args: Parameters<typeof labels.prepare>) => (prepared++, labels.prepare(...args)),
    };
    const planning = createStamper({
      watermarker,
      signer: await createC2paSigner({
        identity: await createTestSigningIdentity({ orgName: 'Demo Studio', now: systemClock() }),
        appVersion: '0.1.0',
      }),
      appVersion: '0.1.0',
      labels: counting,
      now: fixtureClock,
    });
    const pixelsOf = async (bytes: Buffer) => (await sharp(bytes).raw().toBuffer()).toString('base64');
    const expected = await pixelsOf((await stamper.stamp(base)).bytes);
    const { width, height } = base.rgba;

    const plan = planning.planLabel({ width, height, usage: base.usage });
    expect(prepared).toBe(1);
    expect(await pixelsOf((await planning.stamp({ ...base, labelPlan: plan })).bytes)).toBe(expected);
    expect(prepared).toBe(1);

    // Planned for another code or size: not used, and the label still shows this usage's code.
    for (const other of [
      planning.planLabel({ width, height, usage: { ...base.usage, code: 'FFFF-FFFF-FFFF' } }),
      planning.planLabel({ width: width + 2, height, usage: base.usage }),
    ]) {
      const before = prepared;
      expect(await pixelsOf((await planning.stamp({ ...base, labelPlan: other })).bytes)).toBe(expected);
      expect(prepared).toBe(before + 1);
    }
  });

  it('refuses a foreground mask whose cells do not match its size, before drawing anything', async () => {
    const before = watermarker.embedCalls;
    let code: string | undefined;
    try {
      await stamper.stamp({ ...base, foreground: { cols: 16, rows: 24, cells: new Uint8Array(10) } });
    } catch (error) {
      code = isStudioError(error) ? error.code : undefined;
    }
    expect(code).toBe('FOREGROUND_MASK_INVALID');
    expect(watermarker.embedCalls).toBe(before);
  });

  it('refuses incomplete usage facts before drawing anything', async () => {
    let code: string | undefined;
    try {
      await stamper.stamp({ ...base, usage: usageFacts({ consentId: '' }) });
    } catch (error) {
      code = isStudioError(error) ? error.code : undefined;
    }
    expect(code).toBe('STAMP_USAGE_INVALID');
  });
});
