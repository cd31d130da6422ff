import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewFor } from '../../src/app/index.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import type { Review } from '../../src/review/index.ts';
import { makeOutputsFixture, type OutputsFixture } from '../helpers/outputsFixture.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('review', () => {
  let fx: OutputsFixture;
  let review: Review;
  let first: OutputEntry;
  let second: OutputEntry;
  let other: OutputEntry;

  beforeAll(async () => {
    fx = await makeOutputsFixture();
    review = reviewFor(fx.studio);
    first = await fx.render('shot-a1', { width: 400, height: 600 });
    second = await fx.render('shot-a1', { width: 400, height: 600 });
    other = await fx.render('shot-b1', { width: 400, height: 600 });
  }, 60_000);
  afterAll(() => fx.cleanup());

  it('approves and rejects with a review record each (ref = render id, fee 0 in the licence currency), and the chain verifies', () => {
    const approved = review.approve(first.outputId, { by: 'rita', comment: '  good light ' });
    expect(approved.output).toMatchObject({ state: 'approved', stateBy: 'rita', stateComment: 'good light' });
    expect(approved.record).toMatchObject({
      kind: 'review.approved',
      ref: first.outputId,
      outputSha256: first.sha256,
      shotId: 'shot-a1',
      licenceId: 'lic-a',
      use: { channel: 'ecommerce', territory: 'EU' },
      fee: { amount: 0, currency: 'EUR' },
      // The reviewer who decided signs off in the ledger, not the account the studio runs under.
      user: 'rita',
    });

    const rejected = review.reject(other.outputId, { comment: 'hand looks wrong' });
    expect(rejected.output).toMatchObject({
      state: 'rejected',
      stateBy: 'ana@studio.example',
      stateComment: 'hand looks wrong',
    });
    expect(rejected.record).toMatchObject({
      kind: 'review.rejected',
      ref: other.outputId,
      user: 'ana@studio.example',
      fee: { amount: 0, currency: 'EUR' },
    });

    expect(fx.studio.ledger.byOutputSha256(first.sha256).map((r) => r.kind)).toEqual(['render', 'review.approved']);
    expect(fx.studio.ledger.verifyChain()).toMatchObject({ ok: true });
  });

  it('does not append a second record for the same decision, but does when the reviewer changes their mind', () => {
    const before = fx.studio.ledger.head().seq;
    expect(review.approve(first.outputId).record).toBeUndefined();
    expect(fx.studio.ledger.head().seq).toBe(before);
    const changed = review.reject(first.outputId, { by: 'rita', comment: 'on second look, the hem' });
    expect(changed.record?.kind).toBe('review.rejected');
    expect(fx.studio.outputs.get(first.outputId).state).toBe('rejected');
    review.approve(first.outputId, { by: 'rita' });
    expect(fx.studio.ledger.verifyChain()).toMatchObject({ ok: true, count: 7 });
  });

  it('writes neither the record nor the state when the output has no matching render record', () => {
    fx.studio.ws.db.prepare('UPDATE outputs SET sha256 = ? WHERE output_id = ?').run('f'.repeat(64), second.outputId);
    const before = fx.studio.ledger.head().seq;
    expect(() => review.approve(second.outputId)).toThrow(expect.objectContaining({ code: 'OUTPUT_HASH_MISMATCH' }));
    expect(fx.studio.ledger.head().seq).toBe(before);
    expect(fx.studio.outputs.get(second.outputId).state).toBe('generated');
    fx.studio.ws.db.prepare('UPDATE outputs SET sha256 = ? WHERE output_id = ?').run(second.sha256, second.outputId);
    expect(() => review.approve('0192f3a1-7b2c-7d4e-8f90-a1b2c3d4e5f6')).toThrow(
      expect.objectContaining({ code: 'OUTPUT_NOT_FOUND' }),
    );
  });

  it('keeps pins and rectangles with the output, never in the file', () => {
    const fileSha = sha(second.file);
    const pin = review.annotate(
      second.outputId,
      { kind: 'pin', x: 0.42, y: 0.3, note: 'collar crease' },
      { by: 'rita' },
    );
    const rect = review.annotate(second.outputId, { kind: 'rect', x: 0.1, y: 0.6, width: 0.3, height: 0.2 });
    expect(pin).toMatchObject({ kind: 'pin', outputId: second.outputId, note: 'collar crease', by: 'rita' });
    expect(rect).toMatchObject({ kind: 'rect', width: 0.3, by: 'ana@studio.example' });
    expect(review.annotations(second.outputId).map((a) => a.annotationId)).toEqual([
      pin.annotationId,
      rect.annotationId,
    ]);
    expect(review.annotations(first.outputId)).toEqual([]);

    expect(() => review.annotate(second.outputId, { kind: 'rect', x: 0.8, y: 0.1, width: 0.3, height: 0.1 })).toThrow(
      expect.objectContaining({ code: 'ANNOTATION_INVALID' }),
    );
    expect(() => review.annotate(second.outputId, { kind: 'pin', x: 1.2, y: 0.5, note: 'off image' })).toThrow(
      expect.objectContaining({ code: 'ANNOTATION_INVALID' }),
    );
    expect(() => review.annotate(second.outputId, { kind: 'pin', x: 0.5, y: 0.5, note: '  ' })).toThrow(
      expect.objectContaining({ code: 'ANNOTATION_INVALID' }),
    );

    review.removeAnnotation(pin.annotationId);
    expect(review.annotations(second.outputId).map((a) => a.kind)).toEqual(['rect']);
    expect(() => review.removeAnnotation(pin.annotationId)).toThrow(
      expect.objectContaining({ code: 'ANNOTATION_NOT_FOUND' }),
    );
    // Annotating touches neither the file nor the catalogue's hash.
    expect(sha(second.file)).toBe(fileSha);
    expect(fx.studio.outputs.get(second.outputId).sha256).toBe(fileSha);
  });

  it('finds the previous version of the same shot for compare; a re-render starts as generated', () => {
    expect(review.previousVersion(second.outputId)?.outputId).toBe(first.outputId);
    expect(review.previousVersion(first.outputId)).toBeNull();
    expect(review.previousVersion(other.outputId)).toBeNull();
    expect(fx.studio.outputs.get(second.outputId).state).toBe('generated');
  });
});
