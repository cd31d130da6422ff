import type { ColourLabel, OutputView } from '../../../src/contract/index.ts';
import { asWire, availability } from './render.slice.ts';
import type { ReviewQuery, ReviewSlice, Slice } from './types.ts';

/** Outputs per page of the review grid; "More" loads the next. */
export const REVIEW_PAGE = 120;

/** The output `delta` steps from `current` in the grid's order, staying put at either end. */
export function stepFrom(items: readonly OutputView[], current: string | null, delta: 1 | -1): string | null {
  if (items.length === 0) return null;
  const at = items.findIndex((o) => o.outputId === current);
  if (at < 0) return items[0]!.outputId;
  return items[Math.min(items.length - 1, Math.max(0, at + delta))]!.outputId;
}

/**
 * The selection after a click, as photo editors do it: a plain click selects one, ctrl/cmd toggles one, shift
 * selects the run from the anchor (the last plain or ctrl click) to the clicked one, in the grid's order.
 */
export function selectFrom(
  items: readonly OutputView[],
  selected: readonly string[],
  anchor: string | null,
  outputId: string,
  mode: 'only' | 'toggle' | 'range',
): string[] {
  if (mode === 'only') return [outputId];
  if (mode === 'toggle')
    return selected.includes(outputId) ? selected.filter((id) => id !== outputId) : [...selected, outputId];
  const ids = items.map((o) => o.outputId);
  const from = anchor ? ids.indexOf(anchor) : -1;
  const to = ids.indexOf(outputId);
  if (from < 0 || to < 0) return [outputId];
  const run = ids.slice(Math.min(from, to), Math.max(from, to) + 1);
  return [...selected.filter((id) => !run.includes(id)), ...run];
}

/** The page query for the grid: the state tab plus the filters, all answered by the core. */
function pageQuery(state: ReviewSlice['reviewFilter'], query: ReviewQuery) {
  return { ...(state === 'all' ? {} : { state }), ...query, limit: REVIEW_PAGE };
}

/**
 * Review mode's state. A decision updates the output where it is (the grid keeps its order while the
 * reviewer works through it, so → always means "the next one I saw") and moves on to the next output.
 */
export const createReviewSlice: Slice<ReviewSlice> = (set, get, client) => {
  let generation = 0;
  const loadDetails = async (outputId: string) => {
    const [notes, previous] = await Promise.allSettled([
      client.call('review.annotations', { outputId }),
      client.call('review.previous', { outputId }),
    ]);
    if (notes.status === 'fulfilled') set({ annotations: { ...get().annotations, [outputId]: notes.value } });
    if (previous.status === 'fulfilled') set({ previous: { ...get().previous, [outputId]: previous.value.previous } });
  };
  const replace = (view: OutputView) => {
    const swap = (list: OutputView[]) => list.map((o) => (o.outputId === view.outputId ? view : o));
    const previous = Object.fromEntries(
      Object.entries(get().previous).map(([k, p]) => [k, p?.outputId === view.outputId ? view : p]),
    );
    set({ reviewItems: swap(get().reviewItems), outputs: swap(get().outputs), previous });
  };
  /** Where stars and labels go: the selection in the grid, else the output open in the viewer. */
  const targets = (): string[] => {
    const { reviewOpen, reviewSelected } = get();
    return reviewOpen ? [reviewOpen] : reviewSelected;
  };

  return {
    reviewFilter: 'generated',
    reviewQuery: {},
    reviewItems: [],
    reviewCursor: null,
    reviewStatus: { state: 'loading' },
    reviewOpen: null,
    reviewComment: '',
    reviewSelected: [],
    reviewAnchor: null,
    compareWith: null,
    reviewDisplay: { compare: 'off', loupe: 0, clean: false },
    setReviewDisplay: (patch) => set({ reviewDisplay: { ...get().reviewDisplay, ...patch } }),
    cleanFiles: {},
    annotations: {},
    previous: {},
    async setReviewFilter(filter) {
      set({ reviewFilter: filter, reviewOpen: null, reviewSelected: [] });
      await get().refreshReview();
    },
    async setReviewQuery(query) {
      set({ reviewQuery: query, reviewOpen: null, reviewSelected: [] });
      await get().refreshReview();
    },
    async refreshReview() {
      const mine = ++generation;
      try {
        const page = await client.call('outputs.page', pageQuery(get().reviewFilter, get().reviewQuery));
        // A slower answer for a filter the user has already left must not overwrite the current one.
        if (mine !== generation) return;
        set({ reviewItems: page.items, reviewCursor: page.nextCursor, reviewStatus: { state: 'ready' } });
      } catch (error) {
        if (mine === generation) set({ reviewItems: [], reviewCursor: null, reviewStatus: availability(error) });
      }
    },
    async loadMoreReview() {
      const cursor = get().reviewCursor;
      if (!cursor) return;
      const mine = generation;
      try {
        const page = await client.call('outputs.page', {
          ...pageQuery(get().reviewFilter, get().reviewQuery),
          cursor,
        });
        if (mine !== generation) return;
        const seen = new Set(get().reviewItems.map((o) => o.outputId));
        set({
          reviewItems: [...get().reviewItems, ...page.items.filter((o) => !seen.has(o.outputId))],
          reviewCursor: page.nextCursor,
        });
      } catch (error) {
        get().notify({ tone: 'error', title: 'Could not load more outputs', body: asWire(error).message });
      }
    },
    openReview(outputId, compareWith = null) {
      set({ reviewOpen: outputId, reviewComment: '', compareWith });
      if (outputId) void loadDetails(outputId);
    },
    stepReview(delta) {
      const next = stepFrom(get().reviewItems, get().reviewOpen, delta);
      if (next && next !== get().reviewOpen) get().openReview(next, get().compareWith);
    },
    setReviewComment: (reviewComment) => set({ reviewComment }),
    selectReview(outputId, mode) {
      const { reviewItems, reviewSelected, reviewAnchor } = get();
      const selected = selectFrom(reviewItems, reviewSelected, reviewAnchor, outputId, mode);
      set({ reviewSelected: selected, reviewAnchor: mode === 'range' ? reviewAnchor : outputId });
    },
    selectAllReview: () => set({ reviewSelected: get().reviewItems.map((o) => o.outputId) }),
    clearReviewSelection: () => set({ reviewSelected: [], reviewAnchor: null }),
    setCompareWith: (compareWith) => set({ compareWith }),
    async decide(decision) {
      const outputId = get().reviewOpen;
      if (!outputId) return;
      const comment = get().reviewComment.trim();
      try {
        const view = await client.call(decision === 'approve' ? 'review.approve' : 'review.reject', {
          outputId,
          ...(comment ? { comment } : {}),
        });
        replace(view);
        set({ reviewComment: '' });
        get().notify({
          tone: 'ok',
          title: decision === 'approve' ? 'Approved' : 'Rejected',
          ...(comment ? { body: comment } : {}),
        });
        get().stepReview(1);
      } catch (error) {
        get().notify({
          tone: 'error',
          title: decision === 'approve' ? 'Could not approve' : 'Could not reject',
          body: asWire(error).message,
        });
      }
    },
    async decideSelected(decision) {
      const outputIds = get().reviewSelected;
      if (outputIds.length === 0) return;
      const comment = get().reviewComment.trim();
      try {
        const result = await client.call('review.decideMany', {
          outputIds,
          decision,
          ...(comment ? { comment } : {}),
        });
        for (const view of result.outputs) replace(view);
        set({ reviewComment: '', reviewSelected: result.failed.map((f) => f.outputId) });
        const verb = decision === 'approve' ? 'Approved' : 'Rejected';
        get().notify(
          result.failed.length === 0
            ? { tone: 'ok', title: `${verb} ${result.outputs.length}`, ...(comment ? { body: comment } : {}) }
            : {
                tone: 'error',
                title: `${verb} ${result.outputs.length}; ${result.failed.length} left as they were`,
                body: result.failed.map((f) => f.message).join('\n'),
              },
        );
      } catch (error) {
        get().notify({ tone: 'error', title: 'Could not decide the selection', body: asWire(error).message });
      }
    },
    async markReview(marks: { rating?: number; colour?: ColourLabel | null }) {
      const outputIds = targets();
      if (outputIds.length === 0) return;
      try {
        for (const view of await client.call('review.mark', { outputIds, ...marks })) replace(view);
      } catch (error) {
        get().notify({ tone: 'error', title: 'Could not mark the output', body: asWire(error).message });
      }
    },
    async loadClean(outputId) {
      if (get().cleanFiles[outputId]) return;
      try {
        const { file } = await client.call('review.clean', { outputId });
        set({ cleanFiles: { ...get().cleanFiles, [outputId]: file } });
      } catch (error) {
        get().notify({ tone: 'error', title: 'No clean view', body: asWire(error).message });
      }
    },
    outputUpdated(view) {
      if (
        get().reviewItems.some((o) => o.outputId === view.outputId) ||
        get().outputs.some((o) => o.outputId === view.outputId)
      )
        replace(view);
    },
    async setReviewer(name) {
      try {
        set({ settings: await client.call('settings.setReviewer', { name }) });
        get().notify({
          tone: 'ok',
          title: name.trim() ? `Decisions are recorded as ${name.trim()}` : 'Reviewer cleared',
        });
      } catch (error) {
        get().notify({ tone: 'error', title: 'Could not set the reviewer', body: asWire(error).message });
      }
    },
    async annotate(annotation) {
      const outputId = get().reviewOpen;
      if (!outputId) return;
      try {
        const added = await client.call('review.annotate', { outputId, annotation });
        set({ annotations: { ...get().annotations, [outputId]: [...(get().annotations[outputId] ?? []), added] } });
      } catch (error) {
        get().notify({ tone: 'error', title: 'Could not save the note', body: asWire(error).message });
      }
    },
    async removeAnnotation(annotationId) {
      try {
        await client.call('review.removeAnnotation', { id: annotationId });
        const all = get().annotations;
        set({
          annotations: Object.fromEntries(
            Object.entries(all).map(([k, list]) => [k, list.filter((a) => a.annotationId !== annotationId)]),
          ),
        });
      } catch (error) {
        get().notify({ tone: 'error', title: 'Could not delete the note', body: asWire(error).message });
      }
    },
  };
};
