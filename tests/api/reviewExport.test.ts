import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, createStudioHandlers } from '../../src/api/index.ts';
import type { ExportReportView, OutputView, StudioEvent } from '../../src/contract/index.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { reviewDispatch } from '../helpers/reviewDispatch.ts';
import { makeOutputsFixture, type OutputsFixture } from '../helpers/outputsFixture.ts';

let fx: OutputsFixture;
let dispatch: ReturnType<typeof createDispatcher>;
let bare: ReturnType<typeof createDispatcher>;
const events: StudioEvent[] = [];
let a1: OutputEntry, a1b: OutputEntry, a2: OutputEntry, b1: OutputEntry;

beforeAll(async () => {
  fx = await makeOutputsFixture();
  a1 = await fx.render('shot-a1', { width: 240, height: 360 });
  a1b = await fx.render('shot-a1', { width: 240, height: 360 });
  a2 = await fx.render('shot-a2', { width: 240, height: 360 });
  b1 = await fx.render('shot-b1', { width: 240, height: 360 });
  dispatch = reviewDispatch(fx, (e) => events.push(e));
  bare = createDispatcher(createStudioHandlers({ workspace: fx.studio.ws, mode: 'browser' }).handlers, () => {});
});
afterAll(() => fx?.cleanup());

const ok = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const code = async (method: string, input: unknown, d = dispatch) => {
  const r = await d(method, input);
  return r.ok ? 'ok' : r.error.code;
};

describe('review and export handlers', () => {
  it('refuses bad input before any service runs', async () => {
    expect(await code('review.approve', {})).toBe('INVALID_INPUT');
    expect(await code('review.approve', { outputId: a1.outputId, comment: 'x'.repeat(2001) })).toBe('INVALID_INPUT');
    expect(
      await code('review.annotate', {
        outputId: a1.outputId,
        annotation: { kind: 'pin', x: 1.5, y: 0.2, note: 'hem' },
      }),
    ).toBe('INVALID_INPUT');
    expect(
      await code('review.annotate', {
        outputId: a1.outputId,
        annotation: { kind: 'pin', x: 0.5, y: 0.2, note: '   ' },
      }),
    ).toBe('INVALID_INPUT');
    expect(await code('export.run', { preset: 'social', filter: { state: 'generated' } })).toBe('INVALID_INPUT');
    expect(await code('outputs.list', { state: 'pending' })).toBe('INVALID_INPUT');
    expect(await code('review.approve', { outputId: 'no-such-output' })).toBe('OUTPUT_NOT_FOUND');
    expect(await code('export.run', { preset: 'no-such-preset' })).toBe('EXPORT_PRESET_NOT_FOUND');
  });

  it('answers SERVICE_UNAVAILABLE without the services, and app.info says which exist', async () => {
    expect(await code('review.approve', { outputId: a1.outputId }, bare)).toBe('SERVICE_UNAVAILABLE');
    expect(await code('export.presets', {}, bare)).toBe('SERVICE_UNAVAILABLE');
    expect(await ok('app.info', {})).toMatchObject({ services: { review: true, export: true, outputs: true } });
  });

  it('approve and reject append review records; the views carry who, when and why; list filters by state', async () => {
    const before = fx.studio.ledger.list().length;
    const approved = await ok<OutputView>('review.approve', { outputId: a1b.outputId });
    expect(approved).toMatchObject({ state: 'approved', stateBy: 'ana@studio.example', stateComment: null });
    expect(approved.stateAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const rejected = await ok<OutputView>('review.reject', { outputId: a2.outputId, comment: 'hand looks wrong' });
    expect(rejected).toMatchObject({ state: 'rejected', stateComment: 'hand looks wrong' });
    expect(fx.studio.ledger.byOutputSha256(a1b.sha256).map((r) => r.kind)).toEqual(['render', 'review.approved']);
    expect(fx.studio.ledger.byOutputSha256(a2.sha256).map((r) => r.kind)).toEqual(['render', 'review.rejected']);
    expect(fx.studio.ledger.list().length).toBe(before + 2);

    const ids = async (state?: string) =>
      (await ok<OutputView[]>('outputs.list', state ? { state } : {})).map((o) => o.outputId).sort();
    expect(await ids('approved')).toEqual([a1b.outputId]);
    expect(await ids('rejected')).toEqual([a2.outputId]);
    expect(await ids('generated')).toEqual([a1.outputId, b1.outputId].sort());
    expect(await ids()).toHaveLength(4);
  });

  it('keeps annotations beside the output and never in the file', async () => {
    const pin = await ok<{ annotationId: string }>('review.annotate', {
      outputId: a1.outputId,
      annotation: { kind: 'pin', x: 0.5, y: 0.25, note: 'fix the collar' },
    });
    await ok('review.annotate', {
      outputId: a1.outputId,
      annotation: { kind: 'rect', x: 0.1, y: 0.1, width: 0.3, height: 0.2 },
    });
    expect(
      (await ok<{ kind: string; note?: string }[]>('review.annotations', { outputId: a1.outputId })).map((a) => [
        a.kind,
        a.note,
      ]),
    ).toEqual([
      ['pin', 'fix the collar'],
      ['rect', undefined],
    ]);
    expect(await ok('review.removeAnnotation', { id: pin.annotationId })).toEqual({ removed: pin.annotationId });
    expect(await code('review.removeAnnotation', { id: pin.annotationId })).toBe('ANNOTATION_NOT_FOUND');
    expect(await ok<unknown[]>('review.annotations', { outputId: a1.outputId })).toHaveLength(1);
    expect(fx.studio.outputs.get(a1.outputId).sha256).toBe(a1.sha256);
  });

  it('finds the previous render of the same shot for compare', async () => {
    expect(
      (await ok<{ previous: OutputView | null }>('review.previous', { outputId: a1b.outputId })).previous?.outputId,
    ).toBe(a1.outputId);
    expect(await ok('review.previous', { outputId: a1.outputId })).toEqual({ previous: null });
  });

  it('lists presets with a readable summary', async () => {
    const presets = await ok<{ name: string; summary: string }[]>('export.presets', {});
    expect(presets.map((p) => p.name)).toEqual(['product-page', 'marketplace', 'social']);
    expect(presets[0]!.summary).toContain('2000×3000');
  });

  it('exports exactly the approved outputs into exports/<preset>-<time>, with progress events, and holds back a revoked licence with advice', async () => {
    await ok('review.approve', { outputId: b1.outputId });
    fx.revoke('lic-b', 'the model withdrew this brand');
    events.length = 0;
    const report = await ok<ExportReportView>('export.run', { preset: 'social' });
    expect(report.images.map((i) => i.outputId)).toEqual([a1b.outputId]);
    expect(report.exported).toHaveLength(1);
    expect(report.heldBack).toMatchObject([{ outputId: b1.outputId, code: 'LICENCE_REVOKED' }]);
    expect(report.heldBack[0]!.advice).toMatch(
      /revoked this licence on .* \(the model withdrew this brand\) — it cannot be used; contact /,
    );
    expect(path.relative(fx.workspaceDir, report.dir)).toMatch(/^exports[/\\]social-\d{8}-\d{6}$/);
    expect(existsSync(path.join(report.dir, report.exported[0]!))).toBe(true);
    const progress = events.flatMap((e) => (e.type === 'export.progress' ? [e.progress.status] : []));
    expect(progress[0]).toBe('start');
    expect(progress.at(-1)).toBe('done');
    expect(progress).toContain('exported');
    expect(progress).toContain('held');
    expect(await ok('export.cancel', {})).toEqual({ cancelled: false });
  });

  it('cancels a running export between images (resumable) and refuses a second run meanwhile', async () => {
    events.length = 0;
    const running = dispatch('export.run', { preset: 'product-page' });
    expect(await code('export.run', { preset: 'product-page' })).toBe('EXPORT_BUSY');
    expect(await ok('export.cancel', {})).toEqual({ cancelled: true });
    const result = await running;
    expect(result.ok ? 'ok' : result.error.code).toBe('EXPORT_CANCELLED');
    expect(events.flatMap((e) => (e.type === 'export.progress' ? [e.progress.status] : [])).at(-1)).toBe('cancelled');
    const again = await ok<ExportReportView>('export.run', { preset: 'product-page' });
    expect(again.images.map((i) => i.outputId)).toEqual([a1b.outputId]);
  });
});
