import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutputWriter } from '../../src/app/outputWriter.ts';
import { stampedOutputStep } from '../../src/app/renderOutput.ts';
import { createProvenance } from '../../src/app/provenance.ts';
import type { ProvenanceKit } from '../../src/app/provenanceKit.ts';
import { verifyOutputFile } from '../../src/app/verifyOutput.ts';
import { sha256Hex } from '../../src/crypto/index.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { checkPolicy, type PolicyAllowed } from '../../src/policy/index.ts';
import { photoLikeRgba } from '../helpers/photoLike.ts';
import { makeStudio, type StudioFixture } from '../helpers/openedStudio.ts';

/** The gate's answer for the fixture's shot, which its licence covers; the output step is what is under test. */
function allowedDecision(f: StudioFixture): PolicyAllowed {
  const decision = checkPolicy({
    pack: { ok: true, manifest: f.manifest },
    licence: f.licence,
    trust: f.studio.ws.trust.store(),
    revocations: [],
    withdrawals: [],
    use: { channel: 'ecommerce', territory: 'SE', garmentCategories: [] },
    now: new Date('2026-11-23T10:00:00Z'),
    imagesUsed: 0,
    ledger: { ok: true },
    lease: { lastCheckInAt: null, graceStartedAt: '2026-11-23T09:00:00Z' },
  });
  expect(decision.allowed).toBe(true);
  return decision as PolicyAllowed;
}

describe('render output: stamped, recorded and verifiable', () => {
  let f: StudioFixture;
  let provenance: ProvenanceKit;
  let output: OutputEntry;

  beforeAll(async () => {
    f = await makeStudio();
    provenance = await createProvenance(f.studio.ws);
    const decision = allowedDecision(f);
    const image = await photoLikeRgba(800, 1200, 7);
    const writer = createOutputWriter({ studio: f.studio, provenance });
    output = await writer.write(
      { rgba: image.data, width: 800, height: 1200, provider: 'cpu' },
      {
        shot: f.shot,
        pack: { manifest: f.manifest },
        decision,
        models: [{ id: 'render-combined', sha256: 'a'.repeat(64) }],
        usageId: f.studio.ledger.reserveId(),
      },
    );
  });
  afterAll(() => f.cleanup());

  it('writes the file, its render record and its catalogue row together', () => {
    expect(existsSync(output.file)).toBe(true);
    const bytes = readFileSync(output.file);
    const record = f.studio.ledger.get(output.outputId);
    expect(record).toMatchObject({
      kind: 'render',
      shotId: 'shot-1',
      licenceId: 'lic-test-1',
      outputSha256: sha256Hex(bytes),
      fee: { amount: 3000, currency: 'EUR' },
    });
    expect(f.studio.outputs.list()).toHaveLength(1);
    expect(f.studio.ledger.imagesUsed('lic-test-1')).toBe(1);
    expect(f.studio.ledger.verifyChain().ok).toBe(true);
  });

  it("makes the gallery's thumbnail with the render: WebP, long side 320, the file's pixels and label", async () => {
    const thumb = path.join(f.studio.ws.dir, 'outputs', '.thumbs', `${output.outputId}.webp`);
    expect(existsSync(thumb)).toBe(true);
    const meta = await sharp(thumb).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 213, 320]);
    // The thumbnail is the stamped file made small (its label included), not the render before stamping.
    const small = (input: Buffer | string) =>
      sharp(input).resize(213, 320, { fit: 'fill' }).removeAlpha().raw().toBuffer();
    const [fromThumb, fromFile] = await Promise.all([small(thumb), small(output.file)]);
    let diff = 0;
    for (let i = 0; i < fromThumb.length; i++) diff += Math.abs((fromThumb[i] as number) - (fromFile[i] as number));
    expect(diff / fromThumb.length).toBeLessThan(4);
    expect(output.poseId).toBe('front');
  });

  it('verifies clean: label, XMP, C2PA, watermark and the ledger record agree', async () => {
    const v = await verifyOutputFile(output.file, { studio: f.studio, provenance });
    expect(v.problems).toEqual([]);
    expect(v.inspection.labelPresent).toBe(true);
    expect(v.inspection.xmp?.usageId).toBe(output.outputId);
    expect(v.inspection.xmp?.digitalSourceType).toBe(
      'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
    );
    expect(v.inspection.c2pa).toMatchObject({ present: true, valid: true });
    expect(v.inspection.watermark).toMatchObject({ found: true, matchesXmp: true });
    expect(v.record).toMatchObject({
      found: true,
      via: 'sha256',
      fileHashMatches: true,
      signatureValid: true,
      chain: { ok: true },
    });
  });

  it('finds the usage from the watermark after JPEG q75, a 50 % downscale and a 10 % crop, and says the file changed', async () => {
    const src = readFileSync(output.file);
    const attacks: [string, Buffer][] = [
      ['jpeg75', await sharp(src).jpeg({ quality: 75 }).toBuffer()],
      ['half', await sharp(src).resize(400, 600).png().toBuffer()],
      ['crop', await sharp(src).extract({ left: 80, top: 0, width: 720, height: 1200 }).png().toBuffer()],
    ];
    for (const [name, bytes] of attacks) {
      const file = path.join(f.dir, `${name}.img`);
      writeFileSync(file, bytes);
      const v = await verifyOutputFile(file, { studio: f.studio, provenance });
      expect(v.inspection.watermark.found, name).toBe(true);
      expect(v.record, name).toMatchObject({ found: true, via: 'watermark', fileHashMatches: false });
      expect(v.record.record?.id, name).toBe(output.outputId);
      expect(v.problems.join('; '), name).toMatch(/changed after it was recorded/);
    }
  });

  it('reports a pixel edit as a contradiction', async () => {
    const { data, info } = await sharp(readFileSync(output.file)).raw().toBuffer({ resolveWithObject: true });
    const at = (600 * info.width + 400) * info.channels;
    data[at] = (data[at] ?? 0) ^ 0x80;
    const file = path.join(f.dir, 'edited.png');
    writeFileSync(
      file,
      await sharp(data, { raw: info })
        .png()
        .withXmp((await sharp(readFileSync(output.file)).metadata()).xmp!.toString())
        .toBuffer(),
    );
    const v = await verifyOutputFile(file, { studio: f.studio, provenance });
    expect(v.problems.length).toBeGreaterThan(0);
    expect(v.record.fileHashMatches).toBe(false);
  });
});

describe('render output: the quota is checked again where the record is written', () => {
  it('refuses the second of two renders that both passed the gate on a one-image licence, and records nothing for it', async () => {
    const f = await makeStudio({ licence: { maxImages: 1 } });
    try {
      const provenance = await createProvenance(f.studio.ws);
      const decision = allowedDecision(f);
      const image = await photoLikeRgba(400, 600, 3);
      const writer = createOutputWriter({ studio: f.studio, provenance });
      const write = () =>
        writer.write(
          { rgba: image.data, width: 400, height: 600, provider: 'cpu' },
          { shot: f.shot, pack: { manifest: f.manifest }, decision, models: [], usageId: f.studio.ledger.reserveId() },
        );
      const results = await Promise.allSettled([write(), write()]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'QUOTA_EXHAUSTED' });
      expect(f.studio.ledger.imagesUsed(f.licence.licenceId)).toBe(1);
      expect(f.studio.outputs.list()).toHaveLength(1);
      expect(readdirSync(path.join(f.studio.ws.layout.outputs, 'shot-1'))).toHaveLength(1);
      // Only the committed output has a thumbnail: the refused one left none behind.
      expect(readdirSync(path.join(f.studio.ws.layout.outputs, '.thumbs'))).toEqual([
        `${f.studio.outputs.list()[0]?.outputId}.webp`,
      ]);
      expect(f.studio.ledger.verifyChain().ok).toBe(true);
    } finally {
      f.cleanup();
    }
  });
});

describe('the stamped output step: reserved before the pixels, labelled while they render', () => {
  let f: StudioFixture;
  let provenance: ProvenanceKit;
  beforeAll(async () => {
    f = await makeStudio();
    provenance = await createProvenance(f.studio.ws);
  });
  afterAll(() => f.cleanup());

  it('reserves the usage id when it begins, and the written file carries it with a label planned ahead', async () => {
    const { width, height } = f.shot.output;
    const planned: string[] = [];
    const stamper = provenance.stamper;
    const step = stampedOutputStep(f.studio, {
      ...provenance,
      stamper: { ...stamper, planLabel: (plan) => (planned.push(plan.usage.code), stamper.planLabel(plan)) },
    });
    const pending = step.begin({ ws: f.studio.ws, shot: f.shot, decision: allowedDecision(f) });
    const [reserved] = f.studio.ledger.openReservations();
    expect(reserved).toBeDefined();
    const image = await photoLikeRgba(width, height, 3);
    const written = await pending.write({
      rgba: image.data,
      width,
      height,
      timings: {},
      provider: 'cpu',
      attempts: [],
      tile: null,
      models: [{ id: 'render-combined', sha256: 'a'.repeat(64) }],
    });
    const code = provenance.watermarker.formatPayload(provenance.watermarker.payloadFromUsageId(reserved!));
    expect(planned).toEqual([code]);
    expect(written.outputId).toBe(reserved);
    expect(f.studio.ledger.openReservations()).toEqual([]);
    const v = await verifyOutputFile(written.file, { studio: f.studio, provenance });
    expect(v.problems).toEqual([]);
    expect(v.inspection.labelPresent).toBe(true);
    expect(v.inspection.watermark).toMatchObject({ found: true, payload: code, matchesXmp: true });
    expect(v.inspection.xmp?.usageId).toBe(reserved);
  });

  it('gives the usage id back when the render fails before its output, or its output cannot be written', async () => {
    const step = stampedOutputStep(f.studio, provenance);
    const failed = step.begin({ ws: f.studio.ws, shot: f.shot, decision: allowedDecision(f) });
    expect(f.studio.ledger.openReservations()).toHaveLength(1);
    failed.abandon?.();
    expect(f.studio.ledger.openReservations()).toEqual([]);
    expect(f.studio.commits.pending()).toEqual([]);

    const target = path.join(f.dir, 'out.tiff');
    const broken = step.begin({ ws: f.studio.ws, shot: f.shot, decision: allowedDecision(f), target });
    const { width, height } = f.shot.output;
    const image = await photoLikeRgba(width, height, 4);
    const result = { rgba: image.data, width, height, timings: {}, provider: 'cpu' as const, attempts: [], tile: null };
    await expect(broken.write({ ...result, models: [] })).rejects.toMatchObject({ code: 'OUTPUT_FORMAT_UNKNOWN' });
    expect(f.studio.ledger.openReservations()).toEqual([]);
    expect(f.studio.commits.pending()).toEqual([]);
  });

  it("places the badge by the render's foreground: clear of the figure, with the proof mark, and verify says so", async () => {
    const { width, height } = f.shot.output;
    const step = stampedOutputStep(f.studio, provenance);
    const pending = step.begin({ ws: f.studio.ws, shot: f.shot, decision: allowedDecision(f) });
    // A figure across the lower two thirds, edge to edge: only the top corners are clear.
    const cells = new Uint8Array(16 * 24);
    for (let y = 8; y < 24; y++) for (let x = 0; x < 16; x++) cells[y * 16 + x] = 1;
    const image = await photoLikeRgba(width, height, 5);
    const written = await pending.write({
      rgba: image.data,
      width,
      height,
      timings: {},
      provider: 'cpu',
      attempts: [],
      tile: null,
      models: [{ id: 'render-combined', sha256: 'a'.repeat(64) }],
      foreground: { cols: 16, rows: 24, cells },
    });
    const v = await verifyOutputFile(written.file, { studio: f.studio, provenance });
    expect(v.problems).toEqual([]);
    expect(v.inspection.label).toMatchObject({
      present: true,
      corner: 'top-right',
      proofMark: true,
      foregroundOverlap: 0,
    });
  });
});
