import type { OutputView } from '../../../src/contract/index.ts';
import { asWire, availability } from './render.slice.ts';
import type { ReviewSlice, Slice } from './types.ts';

/** The output `delta` steps from `current` in the grid's order, staying put at either end. */
export function stepFrom(items: readonly OutputView[], current: string | null, delta: 1 | -1): string | null {
  if (items.length === 0) return null;
  const at = items.findIndex((o) => o.outputId === current);
  if (at < 0) return items[0]!.outputId;
  return items[Math.min(items.length - 1, Math.max(0, at + delta))]!.outputId;
}

/**
 * Review mode's state. A decision updates the output where it is (the grid keeps its order while the
 * reviewer works through it, so → always means "the next one I saw") and moves on to the next output.
 */
export const createReviewSlice: Slice<ReviewSlice> = (set, get, client) => {
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
    set({ reviewItems: swap(get().reviewItems), outputs: swap(get().outputs) });
  };

  return {
    reviewFilter: 'generated',
    reviewItems: [],
    reviewStatus: { state: 'loading' },
    reviewOpen: null,
    reviewComment: '',
    annotations: {},
    previous: {},
    async setReviewFilter(filter) {
      set({ reviewFilter: filter, reviewOpen: null });
      await get().refreshReview();
    },
    async refreshReview() {
      const filter = get().reviewFilter;
      try {
        const items = await client.call('outputs.list', filter === 'all' ? {} : { state: filter });
        // A slower answer for a filter the user has already left must not overwrite the current one.
        if (get().reviewFilter === filter) set({ reviewItems: items, reviewStatus: { state: 'ready' } });
      } catch (error) {
        set({ reviewItems: [], reviewStatus: availability(error) });
      }
    },
    openReview(outputId) {
      set({ reviewOpen: outputId, reviewComment: '' });
      if (outputId) void loadDetails(outputId);
    },
    stepReview(delta) {
      const next = stepFrom(get().reviewItems, get().reviewOpen, delta);
      if (next && next !== get().reviewOpen) get().openReview(next);
    },
    setReviewComment: (reviewComment) => set({ reviewComment }),
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
