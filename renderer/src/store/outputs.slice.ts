import type { OutputView } from '../../../src/contract/index.ts';
import { asWire, availability } from './render.slice.ts';
import type { GalleryFilter, OutputsSlice, Slice } from './types.ts';

/** Thumbnails per page: a few screens of the grid; the next page loads as the end comes near. */
export const GALLERY_PAGE = 60;

/** Whether an output belongs in the gallery under this filter (a new render arriving by event). */
export function matchesGallery(output: OutputView, filter: GalleryFilter): boolean {
  return (
    (!filter.state || output.state === filter.state) &&
    (!filter.shotId || output.shotId === filter.shotId) &&
    (!filter.sceneId || output.sceneId === filter.sceneId) &&
    (!filter.poseId || output.poseId === filter.poseId) &&
    (!filter.minRating || (output.rating ?? 0) >= filter.minRating)
  );
}

/**
 * The gallery: pages of thumbnails from `outputs.page`, filtered on the server. A filter change starts again from the
 * first page; an answer for a filter no longer shown (or for a page already replaced) is dropped.
 */
export const createOutputsSlice: Slice<OutputsSlice> = (set, get, client) => {
  let generation = 0;
  return {
    outputs: [],
    outputsStatus: { state: 'loading' },
    outputsFilter: {},
    outputsCursor: null,
    outputsLoadingMore: false,
    async refreshOutputs() {
      const mine = ++generation;
      try {
        const page = await client.call('outputs.page', { ...get().outputsFilter, limit: GALLERY_PAGE });
        if (mine !== generation) return;
        set({
          outputs: page.items,
          outputsCursor: page.nextCursor,
          outputsStatus: { state: 'ready' },
          outputsLoadingMore: false,
        });
      } catch (error) {
        if (mine !== generation) return;
        set({ outputs: [], outputsCursor: null, outputsStatus: availability(error), outputsLoadingMore: false });
      }
    },
    async loadMoreOutputs() {
      const { outputsCursor: cursor, outputsLoadingMore, outputsFilter } = get();
      if (!cursor || outputsLoadingMore) return;
      const mine = generation;
      set({ outputsLoadingMore: true });
      try {
        const page = await client.call('outputs.page', { ...outputsFilter, limit: GALLERY_PAGE, cursor });
        if (mine !== generation) return;
        const seen = new Set(get().outputs.map((o) => o.outputId));
        set({
          outputs: [...get().outputs, ...page.items.filter((o) => !seen.has(o.outputId))],
          outputsCursor: page.nextCursor,
          outputsLoadingMore: false,
        });
      } catch (error) {
        if (mine !== generation) return;
        set({ outputsLoadingMore: false });
        get().notify({ tone: 'error', title: 'Could not load more outputs', body: asWire(error).message });
      }
    },
    async setOutputsFilter(filter) {
      set({ outputsFilter: filter, outputs: [], outputsCursor: null, outputsStatus: { state: 'loading' } });
      await get().refreshOutputs();
    },
    outputAdded(output) {
      if (!matchesGallery(output, get().outputsFilter)) return;
      set({ outputs: [output, ...get().outputs.filter((o) => o.outputId !== output.outputId)] });
    },
  };
};
