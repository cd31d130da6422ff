import sharp from 'sharp';
import { systemClock } from '../../src/clock/index.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createC2paSigner,
  createLabelRenderer,
  createStamper,
  createTestSigningIdentity,
  DIGITAL_SOURCE_TYPE,
  inspectFile,
  type SigningIdentity,
  type StampResult,
  type Stamper,
} from '../../src/provenance/index.ts';
import { createFakeWatermarkerForTests } from '../helpers/fakeWatermarker.ts';
import { photoLikeRgba } from '../helpers/photoLike.ts';
import { usageFacts } from '../helpers/provenanceFixtures.ts';

describe('inspectFile', () => {
  const labels = createLabelRenderer();
  const watermarker = createFakeWatermarkerForTests();
  const usage = usageFacts();
  let identity: SigningIdentity;
  let stamper: Stamper;
  let png: StampResult;

  beforeAll(async () => {
    identity = await createTestSigningIdentity({ orgName: 'Demo Studio', now: systemClock() });
    stamper = createStamper({
      watermarker,
      signer: await createC2paSigner({ identity, appVersion: '0.1.0' }),
      appVersion: '0.1.0',
      labels,
      now: fixtureClock,
    });
    png = await stamper.stamp({ rgba: await photoLikeRgba(600, 800), format: 'png', usage });
  });

  it('reads back everything a stamped PNG says about itself', async () => {
    const inspection = await inspectFile(png.bytes, { watermarker, labels });
    expect(inspection).toMatchObject({ format: 'png', width: 600, height: 800, labelPresent: true });
    expect(inspection.xmp).toMatchObject({
      digitalSourceType: DIGITAL_SOURCE_TYPE,
      usageId: usage.usageId,
      twinId: usage.twinId,
      licenceId: usage.licenceId,
      usageCode: usage.code,
    });
    expect(inspection.c2pa).toMatchObject({ present: true, valid: true, untrustedSigner: true, trusted: false });
    expect(inspection.c2pa.manifest?.usage?.usageId).toBe(usage.usageId);
    expect(inspection.watermark).toEqual({
      found: true,
      payload: png.watermarkPayload,
      confidence: 1,
      matchesXmp: true,
    });
    expect(inspection.label.glyphAgreement).toBeGreaterThan(0.95);
    expect(inspection.label.plateAgreement).toBeGreaterThan(0.95);

    const trusted = await inspectFile(png.bytes, { watermarker, labels, trustAnchorsPem: identity.chainPem.join('') });
    expect(trusted.c2pa.trusted).toBe(true);
  });

  it('still finds the label after JPEG re-compression at quality 75 (metadata stripped: located via the original XMP)', async () => {
    const jpeg = await stamper.stamp({
      rgba: await photoLikeRgba(600, 800, 7),
      format: 'jpeg',
      quality: 90,
      usage,
      labelCorner: 'bottom-left',
    });
    const recompressed = await sharp(jpeg.bytes).keepXmp().jpeg({ quality: 75 }).toBuffer();
    const inspection = await inspectFile(recompressed, { watermarker, labels });
    expect(inspection.label).toMatchObject({ present: true, corner: 'bottom-left' });
    expect(inspection.c2pa.present).toBe(false);
  });

  it('finds the badge in the corner the stamp chose from the foreground (top-left here), as the XMP names it', async () => {
    // Everything but the top-left corner is taken by the figure.
    const cells = new Uint8Array(16 * 24).fill(1);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 9; x++) cells[y * 16 + x] = 0;
    const stamped = await stamper.stamp({
      rgba: await photoLikeRgba(600, 800, 9),
      format: 'png',
      usage,
      foreground: { cols: 16, rows: 24, cells },
    });
    expect(stamped.label).toMatchObject({ corner: 'top-left', overlap: 0, proofMark: true });
    const inspection = await inspectFile(stamped.bytes, { watermarker, labels });
    expect(inspection.label).toMatchObject({
      present: true,
      corner: 'top-left',
      proofMark: true,
      foregroundOverlap: 0,
    });
    expect(inspection.xmp?.labelCorner).toBe('top-left');
  });

  it('reports no label on an unlabelled image carrying the same XMP', async () => {
    const meta = await sharp(png.bytes).metadata();
    const plain = await photoLikeRgba(600, 800);
    const forged = await sharp(plain.data, { raw: { width: 600, height: 800, channels: 4 } })
      .withXmp(meta.xmp!.toString('utf8'))
      .png()
      .toBuffer();
    const inspection = await inspectFile(forged, { watermarker, labels });
    expect(inspection.labelPresent).toBe(false);
    expect(inspection.watermark.found).toBe(false);
    expect(inspection.c2pa.present).toBe(false);
  });

  it('reports a label with a different usage code as not matching', async () => {
    const other = await stamper.stamp({
      rgba: await photoLikeRgba(600, 800),
      format: 'png',
      usage: usageFacts({ code: 'ZZZZ-0000' }),
    });
    const meta = await sharp(png.bytes).metadata();
    const swapped = await sharp(other.bytes).withXmp(meta.xmp!.toString('utf8')).png().toBuffer();
    expect((await inspectFile(swapped, { watermarker, labels })).labelPresent).toBe(false);
  });

  it('answers unknown, not false, when there is no XMP to locate the badge', async () => {
    const stripped = await sharp(png.bytes).png().toBuffer();
    const inspection = await inspectFile(stripped, { watermarker, labels });
    expect(inspection.xmp).toBeUndefined();
    expect(inspection.labelPresent).toBeNull();
  });
});
