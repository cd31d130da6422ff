import { describe, expect, it } from 'vitest';
import { createStudioClient } from '../../../renderer/src/client/studioClient.ts';
import type { Transport } from '../../../renderer/src/client/transport.ts';
import { REVIEW_PAGE, selectFrom, stepFrom } from '../../../renderer/src/store/review.slice.ts';
import { applyEvent, createStudioStore } from '../../../renderer/src/store/store.ts';
import type { OutputView } from '../../../src/contract/index.ts';

const view = (outputId: string, state: OutputView['state'] = 'generated'): OutputView => ({
  outputId,
  shotId: 'shot-a',
  jobId: null,
  file: `outputs/${outputId}.png`,
  thumbnail: null,
  width: 800,
  height: 1200,
  createdAt: '2026-11-23T10:00:00Z',
  label: 'AI-generated',
  twinId: 'twin',
  licenceId: 'lic',
  usageId: outputId,
  state,
  stateBy: null,
  stateAt: null,
  stateComment: null,
});

/** A core stand-in: answers from a small table and records every call. */
function fakeStore() {
  const calls: [string, unknown][] = [];
  let items = [view('o1'), view('o2'), view('o3')];
  const answer = (method: string, input: Record<string, unknown>): unknown => {
    switch (method) {
      case 'outputs.page':
        return {
          items: items.filter(
            (o) =>
              (!input.state || o.state === input.state) &&
              (!input.minRating || (o.rating ?? 0) >= (input.minRating as number)),
          ),
          nextCursor: null,
        };
      case 'review.mark': {
        const ids = input.outputIds as string[];
        items = items.map((o) =>
          ids.includes(o.outputId)
            ? {
                ...o,
                ...(input.rating !== undefined ? { rating: input.rating as number } : {}),
                ...(input.colour !== undefined ? { colour: input.colour as OutputView['colour'] } : {}),
              }
            : o,
        );
        return items.filter((o) => ids.includes(o.outputId));
      }
      case 'review.decideMany': {
        const ids = input.outputIds as string[];
        const state = input.decision === 'approve' ? 'approved' : 'rejected';
        const done = ids
          .filter((id) => id !== 'bad')
          .map((id) => ({ ...view(id, state), stateComment: (input.comment as string | undefined) ?? null }));
        items = items.map((o) => done.find((d) => d.outputId === o.outputId) ?? o);
        return {
          outputs: done,
          failed: ids.includes('bad') ? [{ outputId: 'bad', code: 'OUTPUT_UNRECORDED', message: 'no record' }] : [],
        };
      }
      case 'review.approve':
      case 'review.reject': {
        const state = method === 'review.approve' ? 'approved' : 'rejected';
        const done = {
          ...view(String(input.outputId), state),
          stateBy: 'ana',
          stateAt: '2026-11-23T10:05:00Z',
          stateComment: (input.comment as string | undefined) ?? null,
        };
        items = items.map((o) => (o.outputId === done.outputId ? done : o));
        return done;
      }
      case 'review.annotations':
        return [];
      case 'review.previous':
        return { previous: input.outputId === 'o2' ? view('o1') : null };
      case 'review.annotate':
        return {
          ...(input.annotation as object),
          annotationId: 'n1',
          outputId: input.outputId,
          by: 'ana',
          at: '2026-11-23T10:06:00Z',
        };
      case 'review.removeAnnotation':
        return { removed: input.id };
      default:
        throw new Error(`unexpected ${method}`);
    }
  };
  const transport: Transport = {
    mode: 'browser',
    call: async (method, input) => {
      calls.push([method, input]);
      if (method === 'review.approve' && (input as { outputId: string }).outputId === 'bad')
        return { ok: false, error: { code: 'OUTPUT_UNRECORDED', message: 'no record', details: {} } };
      return { ok: true, value: answer(method, input as Record<string, unknown>) };
    },
    onEvent: () => () => {},
    fileUrl: (r) => r,
    stage: async () => ({ dir: '', paths: [] }),
  };
  return { store: createStudioStore(createStudioClient(transport)), calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('review slice', () => {
  it('steps through the grid and stops at either end', () => {
    const items = [view('a'), view('b'), view('c')];
    expect(stepFrom(items, 'a', 1)).toBe('b');
    expect(stepFrom(items, 'c', 1)).toBe('c');
    expect(stepFrom(items, 'a', -1)).toBe('a');
    expect(stepFrom(items, 'gone', 1)).toBe('a');
    expect(stepFrom([], 'a', 1)).toBeNull();
  });

  it('filters the grid by state and the filters through outputs.page', async () => {
    const { store, calls } = fakeStore();
    await store.getState().setReviewFilter('all');
    expect(store.getState().reviewItems).toHaveLength(3);
    await store.getState().setReviewQuery({ minRating: 3, shotId: 'shot-a' });
    expect(calls.at(-1)).toEqual(['outputs.page', { minRating: 3, shotId: 'shot-a', limit: REVIEW_PAGE }]);
    await store.getState().setReviewQuery({});
    await store.getState().setReviewFilter('approved');
    expect(calls.at(-1)).toEqual(['outputs.page', { state: 'approved', limit: REVIEW_PAGE }]);
    expect(store.getState().reviewItems).toEqual([]);
    expect(store.getState().reviewStatus).toEqual({ state: 'ready' });
  });

  it('approves with the comment, updates the output in place and moves to the next one', async () => {
    const { store, calls } = fakeStore();
    await store.getState().refreshReview();
    store.getState().openReview('o1');
    store.getState().setReviewComment('  sleeve fixed  ');
    await store.getState().decide('approve');
    expect(calls).toContainEqual(['review.approve', { outputId: 'o1', comment: 'sleeve fixed' }]);
    const s = store.getState();
    expect(s.reviewItems.map((o) => [o.outputId, o.state])).toEqual([
      ['o1', 'approved'],
      ['o2', 'generated'],
      ['o3', 'generated'],
    ]);
    expect(s.reviewOpen).toBe('o2');
    expect(s.reviewComment).toBe('');
    await store.getState().decide('reject');
    expect(calls).toContainEqual(['review.reject', { outputId: 'o2' }]);
    expect(store.getState().reviewItems[1]!.state).toBe('rejected');
    expect(store.getState().reviewOpen).toBe('o3');
  });

  it('loads the previous version and keeps notes per output', async () => {
    const { store } = fakeStore();
    await store.getState().refreshReview();
    store.getState().openReview('o2');
    await settle();
    expect(store.getState().previous.o2?.outputId).toBe('o1');
    await store.getState().annotate({ kind: 'pin', x: 0.5, y: 0.5, note: 'collar' });
    expect(store.getState().annotations.o2).toMatchObject([{ annotationId: 'n1', note: 'collar' }]);
    await store.getState().removeAnnotation('n1');
    expect(store.getState().annotations.o2).toEqual([]);
  });

  it('keeps the output as it was when the core refuses a decision', async () => {
    const { store } = fakeStore();
    store.setState({ reviewItems: [view('bad')], reviewOpen: 'bad' });
    await store.getState().decide('approve');
    expect(store.getState().reviewItems[0]!.state).toBe('generated');
    expect(store.getState().reviewOpen).toBe('bad');
    expect(store.getState().notices.at(-1)).toMatchObject({ tone: 'error', body: 'no record' });
  });

  it('pages the grid: More asks for the page after the cursor under the same filters', async () => {
    const { store, calls } = fakeStore();
    await store.getState().setReviewQuery({ minRating: 2 });
    store.setState({ reviewItems: [view('o1')], reviewCursor: 'c1' });
    await store.getState().loadMoreReview();
    expect(calls.at(-1)).toEqual([
      'outputs.page',
      { state: 'generated', minRating: 2, limit: REVIEW_PAGE, cursor: 'c1' },
    ]);
    expect(store.getState().reviewCursor).toBeNull();
    const before = calls.length;
    await store.getState().loadMoreReview();
    expect(calls.length).toBe(before);
  });

  it('selects like a photo editor: one, toggle with ctrl, a run with shift from the anchor', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((id) => view(id));
    expect(selectFrom(items, ['a'], 'a', 'c', 'only')).toEqual(['c']);
    expect(selectFrom(items, ['a'], 'a', 'c', 'toggle')).toEqual(['a', 'c']);
    expect(selectFrom(items, ['a', 'c'], 'c', 'a', 'toggle')).toEqual(['c']);
    expect(selectFrom(items, ['a'], 'b', 'd', 'range')).toEqual(['a', 'b', 'c', 'd']);
    expect(selectFrom(items, [], 'e', 'c', 'range')).toEqual(['c', 'd', 'e']);
    expect(selectFrom(items, [], null, 'c', 'range')).toEqual(['c']);
  });

  it('approves a selection in one call with one comment and keeps what failed selected', async () => {
    const { store, calls } = fakeStore();
    await store.getState().setReviewFilter('all');
    store.setState({ reviewItems: [...store.getState().reviewItems, view('bad')] });
    store.getState().selectReview('o1', 'only');
    store.getState().selectReview('o3', 'toggle');
    store.getState().selectReview('bad', 'toggle');
    store.getState().setReviewComment(' campaign picks ');
    await store.getState().decideSelected('approve');
    expect(calls.filter(([m]) => m === 'review.decideMany')).toEqual([
      ['review.decideMany', { outputIds: ['o1', 'o3', 'bad'], decision: 'approve', comment: 'campaign picks' }],
    ]);
    const s = store.getState();
    expect(s.reviewItems.map((o) => [o.outputId, o.state])).toEqual([
      ['o1', 'approved'],
      ['o2', 'generated'],
      ['o3', 'approved'],
      ['bad', 'generated'],
    ]);
    expect(s.reviewSelected).toEqual(['bad']);
    expect(s.notices.at(-1)).toMatchObject({ tone: 'error', body: 'no record' });
  });

  it('rates the open output, else the selection, and follows marks made in another window', async () => {
    const { store, calls } = fakeStore();
    await store.getState().setReviewFilter('all');
    store.getState().openReview('o2');
    await store.getState().markReview({ rating: 4 });
    expect(calls).toContainEqual(['review.mark', { outputIds: ['o2'], rating: 4 }]);
    expect(store.getState().reviewItems[1]!.rating).toBe(4);
    store.getState().openReview(null);
    store.getState().selectReview('o1', 'only');
    store.getState().selectReview('o3', 'range');
    await store.getState().markReview({ colour: 'red' });
    expect(calls.at(-1)).toEqual(['review.mark', { outputIds: ['o1', 'o2', 'o3'], colour: 'red' }]);
    applyEvent(store, { type: 'output.updated', output: { ...view('o3'), rating: 5, colour: 'blue' } });
    expect(store.getState().reviewItems[2]).toMatchObject({ rating: 5, colour: 'blue' });
  });

  it('shows export progress from events', () => {
    const { store } = fakeStore();
    applyEvent(store, {
      type: 'export.progress',
      progress: { runId: 'r', preset: 'social', out: '/x', status: 'exported', index: 1, total: 3, file: 'a.webp' },
    });
    expect(store.getState().exportRun).toMatchObject({ state: 'running', progress: { index: 1, total: 3 } });
  });
});
