import sharp from 'sharp';
import { systemClock } from '../../src/clock/index.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PRESETS } from '../../src/export/preset.schema.ts';
import { fitToPreset, restamp, storedProvenance } from '../../src/export/restamp.ts';
import {
  createC2paSigner,
  createLabelRenderer,
  createStamper,
  createTestSigningIdentity,
  inspectFile,
  readXmp,
  type Stamper,
} from '../../src/provenance/index.ts';
import { createWatermarker } from '../../src/provenance/watermark/index.ts';
import { photoFrame } from '../helpers/outputsFixture.ts';
import { usageFacts } from '../helpers/provenanceFixtures.ts';

/** Share of pixels outside `box` whose RGB differs from the reference by more than 16 levels. */
function changedOutside(
  a: Buffer,
  b: Buffer,
  width: number,
  box: { left: number; top: number; width: number; height: number },
): number {
  let n = 0;
  let changed = 0;
  for (let p = 0; p < a.length / 4; p++) {
    const x = p % width;
    const y = Math.floor(p / width);
    if (x >= box.left - 4 && y >= box.top - 4 && x < box.left + box.width + 4 && y < box.top + box.height + 4) continue;
    n++;
    if ([0, 1, 2].some((c) => Math.abs((a[p * 4 + c] as number) - (b[p * 4 + c] as number)) > 16)) changed++;
  }
  return changed / n;
}

describe('the export stamp of an approved output', () => {
  const labels = createLabelRenderer();
  // The real mark: the export carries the render's through the refit (carriedMark.ts), and verify finds it.
  const watermarker = createWatermarker();
  const usage = usageFacts();
  const productPage = BUILTIN_PRESETS.find((p) => p.name === 'product-page')!;
  let stamper: Stamper;
  // A figure over the right half of the frame down to the floor: the bottom-right corner is taken.
  const cells = new Uint8Array(32 * 48);
  for (let y = 4; y < 48; y++) for (let x = 15; x < 30; x++) cells[y * 32 + x] = 1;
  const foreground = { cols: 32, rows: 48, cells };

  beforeAll(async () => {
    const identity = await createTestSigningIdentity({ orgName: 'Demo Studio', now: systemClock() });
    stamper = createStamper({
      watermarker,
      signer: await createC2paSigner({ identity, appVersion: '0.1.0' }),
      appVersion: '0.1.0',
      labels,
      now: fixtureClock,
    });
  });

  it('writes the badge alone (no proof mark), clear of the figure, and verify reads all of it back', async () => {
    const original = await photoFrame(1024, 1536, 5);
    const render = await stamper.stamp({ rgba: original, format: 'png', usage, foreground });
    // The working render: proof mark on, the badge in the first clear corner of the default order.
    expect(render.label).toMatchObject({ corner: 'bottom-left', overlap: 0, noClearCorner: false, proofMark: true });
    const stored = await readXmp(render.bytes);
    expect(stored).toMatchObject({ labelCorner: 'bottom-left', proofMark: true });

    const provenance = await storedProvenance(render.bytes, usage.usageId, {
      displayName: usage.displayName,
      licensor: usage.licensor,
      consentId: usage.consentId,
      twinId: usage.twinId,
      licenceId: usage.licenceId,
    });
    const exported = await restamp({ stamper, labels }, render.bytes, productPage, provenance);
    expect(exported.unlabelled).toBe(true);
    expect(exported.label).toMatchObject({ proofMark: false, overlap: 0, noClearCorner: false });
    const inspection = await inspectFile(exported.bytes, { watermarker, labels });
    expect(inspection.labelPresent).toBe(true);
    expect(inspection.label).toMatchObject({ corner: exported.label.corner, proofMark: false, foregroundOverlap: 0 });
    expect(inspection.c2pa.valid).toBe(true);
    expect(inspection.watermark).toMatchObject({ found: true, payload: render.watermarkPayload });

    // On the pixels: outside the new badge the export is the original picture refit, with no proof mark over it.
    const reference = await fitToPreset(original, productPage);
    const pixels = await sharp(exported.bytes).ensureAlpha().raw().toBuffer();
    const badge = (
      await labels.expectedBadge(productPage.width, productPage.height, {
        displayName: '',
        wording: provenance.disclosure,
        code: usage.code,
        corner: exported.label.corner,
      })
    ).layout.plate;
    expect(changedOutside(pixels, reference.data, productPage.width, badge)).toBeLessThan(0.002);
    // The same comparison sees a proof mark where one is drawn.
    const proof = await labels.drawLabel(reference, {
      displayName: '',
      wording: provenance.disclosure,
      code: usage.code,
      corner: exported.label.corner,
    });
    expect(changedOutside(proof.data, reference.data, productPage.width, badge)).toBeGreaterThan(0.02);
  });
});
