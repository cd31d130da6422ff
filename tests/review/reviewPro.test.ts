import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createDispatcher } from '../../src/api/index.ts';
import type {
  OutputPageView,
  OutputView,
  ReviewBatchView,
  SettingsView,
  StudioEvent,
} from '../../src/contract/index.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { reviewDispatch } from '../helpers/reviewDispatch.ts';
import { makeOutputsFixture, photoFrame, type OutputsFixture } from '../helpers/outputsFixture.ts';

let fx: OutputsFixture;
let dispatch: ReturnType<typeof createDispatcher>;
const events: StudioEvent[] = [];
let a1: OutputEntry, a1b: OutputEntry, a2: OutputEntry, b1: OutputEntry;

beforeAll(async () => {
  fx = await makeOutputsFixture();
  a1 = await fx.render('shot-a1', { width: 240, height: 360, seed: 2 });
  a1b = await fx.render('shot-a1', { width: 240, height: 360, seed: 4 });
  a2 = await fx.render('shot-a2', { width: 240, height: 360, seed: 6 });
  b1 = await fx.render('shot-b1', { width: 240, height: 360, seed: 8 });
  dispatch = reviewDispatch(fx, (e) => events.push(e));
}, 60_000);
afterAll(() => fx?.cleanup());

const ok = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const code = async (method: string, input: unknown) => {
  const r = await dispatch(method, input);
  return r.ok ? 'ok' : r.error.code;
};
const pageIds = async (filter: object) =>
  (await ok<OutputPageView>('outputs.page', filter)).items.map((o) => o.outputId).sort();
const updatedIds = (from: number) =>
  events
    .slice(from)
    .flatMap((e) => (e.type === 'output.updated' ? [e.output.outputId] : []))
    .sort();

describe('review like a photo editor', () => {
  it('rates and labels many outputs in one call, tells every window, and filters pages by rating and colour', async () => {
    const seen = events.length;
    const rated = await ok<OutputView[]>('review.mark', { outputIds: [a1.outputId, a2.outputId], rating: 4 });
    expect(rated.map((o) => o.rating)).toEqual([4, 4]);
    await ok('review.mark', { outputIds: [b1.outputId], rating: 2, colour: 'red' });
    await ok('review.mark', { outputIds: [a2.outputId], colour: 'green' });
    expect(updatedIds(seen)).toEqual([a1.outputId, a2.outputId, a2.outputId, b1.outputId].sort());

    expect(await pageIds({ minRating: 4 })).toEqual([a1.outputId, a2.outputId].sort());
    expect(await pageIds({ minRating: 2 })).toEqual([a1.outputId, a2.outputId, b1.outputId].sort());
    expect(await pageIds({ colour: 'green' })).toEqual([a2.outputId]);
    expect(await pageIds({ minRating: 1, shotId: 'shot-a1' })).toEqual([a1.outputId]);
    // The label stayed when only the stars changed; 0 clears the stars, null the label.
    expect(fx.studio.outputs.get(a2.outputId)).toMatchObject({ rating: 4, colour: 'green' });
    await ok('review.mark', { outputIds: [a2.outputId], rating: 0, colour: null });
    expect(fx.studio.outputs.get(a2.outputId)).toMatchObject({ rating: 0, colour: null });
    expect(await pageIds({ minRating: 1 })).toEqual([a1.outputId, b1.outputId].sort());
  });

  it('refuses bad marks and unknown outputs, changing nothing', async () => {
    expect(await code('review.mark', { outputIds: [a1.outputId], rating: 6 })).toBe('INVALID_INPUT');
    expect(await code('review.mark', { outputIds: [a1.outputId], colour: 'pink' })).toBe('INVALID_INPUT');
    expect(await code('review.mark', { outputIds: [], rating: 1 })).toBe('INVALID_INPUT');
    expect(await code('review.mark', { outputIds: [a1.outputId] })).toBe('REVIEW_INPUT_INVALID');
    expect(await code('outputs.page', { minRating: 0 })).toBe('INVALID_INPUT');
    expect(await code('review.mark', { outputIds: [a1b.outputId, 'no-such-output'], rating: 5 })).toBe(
      'OUTPUT_NOT_FOUND',
    );
    expect(fx.studio.outputs.get(a1b.outputId).rating).toBe(0);
    expect(() => fx.studio.outputs.mark([a1.outputId], { rating: 2.5 })).toThrow(
      expect.objectContaining({ code: 'REVIEW_INPUT_INVALID' }),
    );
  });

  it('records decisions under the reviewer named in Settings, not the signed-in account', async () => {
    const named = await ok<SettingsView>('settings.setReviewer', { name: '  Rita Retouch ' });
    expect(named.reviewer).toBe('Rita Retouch');
    const approved = await ok<OutputView>('review.approve', { outputId: a1.outputId });
    expect(approved.stateBy).toBe('Rita Retouch');
    const record = fx.studio.ledger.byOutputSha256(a1.sha256).find((r) => r.kind === 'review.approved');
    expect(record?.user).toBe('Rita Retouch');
    expect(fx.studio.ledger.verifyChain()).toMatchObject({ ok: true });
    expect(await code('settings.setReviewer', { name: 'Rita\nforged line' })).toBe('REVIEW_INPUT_INVALID');
    expect((await ok<SettingsView>('settings.get', {})).reviewer).toBe('Rita Retouch');
    expect((await ok<SettingsView>('settings.setReviewer', { name: '' })).reviewer).toBeNull();
    await ok('review.reject', { outputId: a1.outputId });
    const back = fx.studio.ledger.byOutputSha256(a1.sha256).find((r) => r.kind === 'review.rejected');
    expect(back?.user).toBe('ana@studio.example');
  });

  it('approves a multi-selection in one call with one comment: a record per output, failures named', async () => {
    await ok('settings.setReviewer', { name: 'Rita Retouch' });
    // a1b's catalogue hash no longer matches its render record: it is held back, the others go through.
    const real = a1b.sha256;
    fx.studio.ws.db.prepare('UPDATE outputs SET sha256 = ? WHERE output_id = ?').run('e'.repeat(64), a1b.outputId);
    const before = fx.studio.ledger.head().seq;
    const seen = events.length;
    const batch = await ok<ReviewBatchView>('review.decideMany', {
      outputIds: [a2.outputId, b1.outputId, a1b.outputId, a2.outputId],
      decision: 'approve',
      comment: 'Campaign picks',
    });
    fx.studio.ws.db.prepare('UPDATE outputs SET sha256 = ? WHERE output_id = ?').run(real, a1b.outputId);
    expect(batch.outputs.map((o) => [o.outputId, o.state, o.stateComment, o.stateBy])).toEqual([
      [a2.outputId, 'approved', 'Campaign picks', 'Rita Retouch'],
      [b1.outputId, 'approved', 'Campaign picks', 'Rita Retouch'],
    ]);
    expect(batch.failed).toEqual([expect.objectContaining({ outputId: a1b.outputId, code: 'OUTPUT_HASH_MISMATCH' })]);
    expect(fx.studio.ledger.head().seq).toBe(before + 2);
    for (const o of [a2, b1]) {
      const record = fx.studio.ledger.byOutputSha256(o.sha256).at(-1);
      expect(record).toMatchObject({ kind: 'review.approved', ref: o.outputId, user: 'Rita Retouch' });
    }
    expect(updatedIds(seen)).toEqual([a2.outputId, b1.outputId].sort());
    expect(await code('review.decideMany', { outputIds: [a2.outputId], decision: 'maybe' })).toBe('INVALID_INPUT');
    expect(
      await code('review.decideMany', {
        outputIds: Array.from({ length: 501 }, () => a2.outputId),
        decision: 'approve',
      }),
    ).toBe('INVALID_INPUT');
  });

  it('shows the retoucher a clean view: the proof mark out, the badge kept, the stored file untouched', async () => {
    const { file } = await ok<{ file: string }>('review.clean', { outputId: b1.outputId });
    expect(file).toBe(`outputs/.clean/${b1.outputId}.png`);
    const abs = path.join(fx.workspaceDir, file);
    expect(existsSync(abs)).toBe(true);
    const raw = async (f: string) => sharp(f).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const stored = await raw(b1.file);
    const clean = await raw(abs);
    expect([clean.info.width, clean.info.height]).toEqual([stored.info.width, stored.info.height]);
    // The original frame (before stamping) is what the clean view should come near; the stamped file is further.
    const source = await photoFrame(240, 360, 8);
    const frame = await sharp(source.data, { raw: { width: 240, height: 360, channels: 4 } })
      .removeAlpha()
      .raw()
      .toBuffer();
    // Where the tiled mark shows (top half: the badge sits in a bottom corner here), the clean view is back near the
    // frame that was stamped; the invisible watermark stays, so "near" and not "equal".
    const half = (frame.length / 2) | 0;
    let marked = 0;
    let storedOff = 0;
    let cleanOff = 0;
    for (let i = 0; i < half; i++) {
      const s = Math.abs((stored.data[i] as number) - (frame[i] as number));
      if (s < 12) continue;
      marked++;
      storedOff += s;
      cleanOff += Math.abs((clean.data[i] as number) - (frame[i] as number));
    }
    expect(marked).toBeGreaterThan(500);
    expect(cleanOff / marked).toBeLessThan(storedOff / marked / 3);
    // A second ask reuses the cached file; the catalogue still points at the stamped file.
    expect((await ok<{ file: string }>('review.clean', { outputId: b1.outputId })).file).toBe(file);
    expect(fx.studio.outputs.get(b1.outputId).file).toBe(b1.file);
    expect(await code('review.clean', { outputId: 'no-such-output' })).toBe('OUTPUT_NOT_FOUND');
  });
});
