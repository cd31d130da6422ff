import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewFor } from '../../src/app/index.ts';
import { createProvenanceReader } from '../../src/app/provenance.ts';
import { verifyOutputFile } from '../../src/app/verifyOutput.ts';
import {
  exportBatch,
  STATE_FILE,
  type ExportPreset,
  type ExportProgress,
  type ExportReport,
  type LabelRow,
} from '../../src/export/index.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { inspectFile } from '../../src/provenance/index.ts';
import { formatPayload, payloadFromUsageId } from '../../src/provenance/watermark/index.ts';
import { iccDescription } from '../helpers/icc.ts';
import { makeOutputsFixture, type OutputsFixture } from '../helpers/outputsFixture.ts';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Smaller frames than the built-ins keep the suite fast; the built-in presets run in the CLI test and the bench. */
const PRODUCT: ExportPreset = {
  name: 'pdp-small',
  description: '',
  width: 600,
  height: 900,
  fit: 'cover',
  background: '#ffffff',
  format: 'jpeg',
  quality: 90,
  colourProfile: 'srgb',
  naming: '{sku}_{shotid}_{view}_{n}',
};
// 2:3 into 4:5 crops 16.7 % of the height: the export embeds the mark again (PRODUCT and SQUARE carry the render's).
const PORTRAIT: ExportPreset = {
  name: 'portrait-small',
  description: '',
  width: 480,
  height: 600,
  fit: 'cover',
  background: '#ffffff',
  format: 'jpeg',
  quality: 85,
  colourProfile: 'srgb',
  naming: '{sku}_{view}_{n}',
};
const SQUARE: ExportPreset = {
  name: 'square-small',
  description: '',
  width: 640,
  height: 640,
  fit: 'contain',
  background: '#ffffff',
  format: 'jpeg',
  quality: 88,
  colourProfile: 'srgb',
  naming: '{sku}_{view}_{n}',
};

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\r\n');
  const names = (header as string).split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

describe('exportBatch', () => {
  let fx: OutputsFixture;
  let rejected: OutputEntry;
  let approved: OutputEntry[];
  const runs: Record<string, ExportReport> = {};

  beforeAll(async () => {
    fx = await makeOutputsFixture();
    const size = { width: 400, height: 600 };
    rejected = await fx.render('shot-a1', size);
    const reRender = await fx.render('shot-a1', size);
    const a2 = await fx.render('shot-a2', size);
    const b1 = await fx.render('shot-b1', size);
    await fx.render('shot-b1', size); // stays generated
    const review = reviewFor(fx.studio);
    review.reject(rejected.outputId, { by: 'rita', comment: 'hem' });
    for (const o of [reRender, a2, b1]) review.approve(o.outputId, { by: 'rita' });
    approved = [reRender, a2, b1];
  }, 60_000);
  afterAll(() => fx.cleanup());

  it('exports exactly the approved outputs with three presets, each re-stamped, recorded and labelled', async () => {
    for (const preset of [PRODUCT, SQUARE, PORTRAIT]) {
      const events: ExportProgress[] = [];
      const run = await exportBatch({
        studio: fx.studio,
        stamper: fx.kit.stamper,
        preset,
        out: path.join(fx.dir, preset.name),
        filter: { state: 'approved' },
        onProgress: (e) => events.push(e),
      });
      runs[preset.name] = run;
      expect(run.heldBack).toEqual([]);
      expect(run.warnings).toEqual([]);
      expect(run.images.map((r) => r.usageId).sort()).toEqual(approved.map((o) => o.outputId).sort());
      expect(events.filter((e) => e.type === 'image').map((e) => e.type === 'image' && e.status)).toEqual([
        'exported',
        'exported',
        'exported',
      ]);
      expect(events.at(-1)).toEqual({ type: 'done', exported: 3, skipped: 0, held: 0 });

      const csv = parseCsv(readFileSync(path.join(run.dir, 'labels.csv'), 'utf8'));
      const manifest = JSON.parse(readFileSync(path.join(run.dir, 'manifest.json'), 'utf8')) as {
        preset: ExportPreset;
        images: LabelRow[];
      };
      expect(manifest.preset.name).toBe(preset.name);
      expect(csv.map((r) => r.file)).toEqual(run.images.map((r) => r.file));
      expect(manifest.images.map((r) => r.file)).toEqual(run.images.map((r) => r.file));

      for (const [i, row] of manifest.images.entries()) {
        const bytes = readFileSync(path.join(run.dir, row.file));
        expect(sha(bytes)).toBe(row.sha256);
        expect(csv[i]).toMatchObject({
          sha256: row.sha256,
          usage_id: row.usageId,
          licence_id: row.licenceId,
          twin_id: 'twin-test',
          approved_by: 'rita',
        });
        const inspection = await inspectFile(bytes, {
          watermarker: fx.kit.watermarker,
          labels: fx.kit.labels,
          c2pa: fx.kit.c2pa,
        });
        expect(inspection).toMatchObject({ width: preset.width, height: preset.height, labelPresent: true });
        expect(inspection.xmp).toMatchObject({
          usageId: row.usageId,
          licenceId: row.licenceId,
          twinId: 'twin-test',
          description: row.disclosure,
        });
        expect(inspection.watermark).toMatchObject({
          found: true,
          payload: formatPayload(payloadFromUsageId(row.usageId)),
          matchesXmp: true,
        });
        expect(inspection.c2pa).toMatchObject({ present: true, valid: true, untrustedSigner: true });
        expect(inspection.c2pa.manifest?.usage?.usageId).toBe(row.usageId);

        const record = fx.studio.ledger.get(row.exportRecordId);
        expect(record).toMatchObject({
          kind: 'export',
          ref: row.usageId,
          outputSha256: row.sha256,
          fee: { amount: 0 },
        });
        const output = approved.find((o) => o.outputId === row.usageId)!;
        expect(record?.use).toEqual(fx.studio.ledger.get(output.outputId)?.use);
        expect({ channel: row.channel, territory: row.territory, sku: row.sku, sceneId: row.sceneId }).toEqual({
          ...record!.use,
          sku: fx.studio.ws.shots.load(output.shotId).sku,
          sceneId: 'studio-grey',
        });
      }
    }
    expect(runs[PRODUCT.name]!.images.map((r) => r.file)).toEqual([
      'SKU-100_shot-a1_front_2.jpg',
      'SKU-200_shot-a2_front_1.jpg',
      'SKU-300_shot-b1_front_1.jpg',
    ]);
    // The stored outputs are untouched, and every record still chains.
    for (const o of approved) expect(sha(readFileSync(o.file))).toBe(o.sha256);
    expect(fx.studio.ledger.verifyChain()).toMatchObject({ ok: true });
    expect(fx.studio.ledger.list({ kind: 'export' })).toHaveLength(9);
  });

  it('embeds the sRGB ICC profile in every exported image and names what the frame enlarged', async () => {
    for (const preset of [PRODUCT, SQUARE, PORTRAIT]) {
      const run = runs[preset.name]!;
      for (const row of run.images) {
        const { icc } = await sharp(readFileSync(path.join(run.dir, row.file))).metadata();
        expect(icc, row.file).toBeDefined();
        expect(iccDescription(icc!)).toMatch(/sRGB/);
      }
      // 400×600 renders: every frame here is larger than the source, by the preset's scale.
      const factor = { [PRODUCT.name]: 1.5, [SQUARE.name]: 1.07, [PORTRAIT.name]: 1.2 }[preset.name];
      expect(run.upscaled.map((u) => u.factor)).toEqual([factor, factor, factor]);
      expect(run.upscaled.map((u) => u.file).sort()).toEqual(run.images.map((r) => r.file));
    }
  });

  it("passes 'twin-studio verify': each exported file matches its own export record, which points at the render", async () => {
    const provenance = createProvenanceReader();
    for (const row of runs[PRODUCT.name]!.images) {
      const v = await verifyOutputFile(path.join(runs[PRODUCT.name]!.dir, row.file), { studio: fx.studio, provenance });
      expect(v.problems, row.file).toEqual([]);
      expect(v.record).toMatchObject({
        found: true,
        via: 'sha256',
        fileHashMatches: true,
        signatureValid: true,
        record: { kind: 'export', id: row.exportRecordId, ref: row.usageId },
      });
      expect(v.inspection.xmp?.usageId).toBe(row.usageId);
    }
  });

  it('resumes: a re-run skips files with the right hash and records nothing; a lost file or lost state is handled', async () => {
    const dir = runs[PRODUCT.name]!.dir;
    const head = fx.studio.ledger.head().seq;
    const again = await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: PRODUCT, out: dir });
    expect(again.exported).toEqual([]);
    expect(again.skipped).toHaveLength(3);
    expect(again.images).toEqual(runs[PRODUCT.name]!.images);
    expect(fx.studio.ledger.head().seq).toBe(head);

    // The state file lost (a crash right after a commit): the files are adopted through their export records.
    rmSync(path.join(dir, STATE_FILE));
    const adopted = await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: PRODUCT, out: dir });
    expect(adopted.skipped).toHaveLength(3);
    expect(fx.studio.ledger.head().seq).toBe(head);

    // One file lost: only it is exported again, with a new export record.
    const lost = again.images[1]!;
    rmSync(path.join(dir, lost.file));
    const redo = await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: PRODUCT, out: dir });
    expect(redo.exported).toEqual([lost.file]);
    expect(redo.skipped).toHaveLength(2);
    expect(fx.studio.ledger.head().seq).toBe(head + 1);
    expect(fx.studio.ledger.get(redo.images[1]!.exportRecordId)).toMatchObject({ kind: 'export', ref: lost.usageId });

    // A foreign file under an expected name is not adopted.
    writeFileSync(path.join(dir, lost.file), 'not an export');
    const conflict = await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: PRODUCT, out: dir });
    expect(conflict.heldBack).toEqual([
      expect.objectContaining({ outputId: lost.usageId, code: 'EXPORT_FILE_CONFLICT' }),
    ]);
    expect(readFileSync(path.join(dir, lost.file), 'utf8')).toBe('not an export');
    rmSync(path.join(dir, lost.file));
    expect(
      (await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: PRODUCT, out: dir })).exported,
    ).toEqual([lost.file]);

    await expect(
      exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: SQUARE, out: dir }),
    ).rejects.toMatchObject({ code: 'EXPORT_BATCH_MISMATCH' });
    await expect(
      exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: PRODUCT, out: fx.workspaceDir }),
    ).rejects.toMatchObject({ code: 'EXPORT_OUT_NOT_EMPTY' });
  });

  it('writes a deterministic zip holding the images, manifest.json and labels.csv', async () => {
    const zip = path.join(fx.dir, 'batch.zip');
    const first = await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: SQUARE, out: zip });
    expect(first.zip).toBe(zip);
    const bytes = readFileSync(zip);
    const entries = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(entries).sort()).toEqual(
      [...first.images.map((r) => r.file), 'labels.csv', 'manifest.json'].sort(),
    );
    for (const row of first.images) expect(sha(Buffer.from(entries[row.file]!))).toBe(row.sha256);
    const second = await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: SQUARE, out: zip });
    expect(second.skipped).toHaveLength(3);
    expect(readFileSync(zip).equals(bytes)).toBe(true);
  });

  it('cancels between images through the AbortSignal, and the next run resumes', async () => {
    const controller = new AbortController();
    const out = path.join(fx.dir, 'cancelled');
    await expect(
      exportBatch({
        studio: fx.studio,
        stamper: fx.kit.stamper,
        preset: SQUARE,
        out,
        signal: controller.signal,
        onProgress: (e) => e.type === 'image' && controller.abort(),
      }),
    ).rejects.toMatchObject({ code: 'EXPORT_CANCELLED', details: { done: 1, total: 3 } });
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(false);
    const resumed = await exportBatch({ studio: fx.studio, stamper: fx.kit.stamper, preset: SQUARE, out });
    expect([resumed.skipped.length, resumed.exported.length]).toEqual([1, 2]);
  });

  it('holds back the images of a licence revoked after approval, and a tampered output; the rest export', async () => {
    fx.revoke('lic-a');
    const tampered = await fx.render('shot-b1', { width: 400, height: 600 });
    reviewFor(fx.studio).approve(tampered.outputId, { by: 'rita' });
    writeFileSync(tampered.file, Buffer.concat([readFileSync(tampered.file), Buffer.from([0])]));

    const run = await exportBatch({
      studio: fx.studio,
      stamper: fx.kit.stamper,
      preset: SQUARE,
      out: path.join(fx.dir, 'after-revocation'),
    });
    const b1 = approved[2]!;
    expect(run.images.map((r) => r.usageId)).toEqual([b1.outputId]);
    expect(run.heldBack.map((h) => [h.outputId, h.code]).sort()).toEqual(
      [
        [approved[0]!.outputId, 'LICENCE_REVOKED'],
        [approved[1]!.outputId, 'LICENCE_REVOKED'],
        [tampered.outputId, 'OUTPUT_HASH_MISMATCH'],
      ].sort(),
    );
    expect(run.heldBack.find((h) => h.code === 'LICENCE_REVOKED')?.message).toMatch(
      /Licence lic-a was revoked on .*: the model withdrew this brand/,
    );
    const manifest = JSON.parse(readFileSync(path.join(run.dir, 'manifest.json'), 'utf8')) as { heldBack: unknown[] };
    expect(manifest.heldBack).toHaveLength(3);

    // An earlier batch re-run now withdraws the revoked licence's files from the folder.
    const earlier = await exportBatch({
      studio: fx.studio,
      stamper: fx.kit.stamper,
      preset: PRODUCT,
      out: runs[PRODUCT.name]!.dir,
    });
    expect(earlier.withdrawn.sort()).toEqual(['SKU-100_shot-a1_front_2.jpg', 'SKU-200_shot-a2_front_1.jpg']);
    expect(earlier.images.map((r) => r.file)).toEqual(['SKU-300_shot-b1_front_1.jpg']);
    expect(existsSync(path.join(earlier.dir, 'SKU-100_shot-a1_front_2.jpg'))).toBe(false);
  });
});
