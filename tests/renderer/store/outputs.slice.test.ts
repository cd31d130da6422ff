import { describe, expect, it } from 'vitest';
import { createStudioClient } from '../../../renderer/src/client/studioClient.ts';
import type { Transport } from '../../../renderer/src/client/transport.ts';
import { GALLERY_PAGE, matchesGallery } from '../../../renderer/src/store/outputs.slice.ts';
import { applyEvent, createStudioStore } from '../../../renderer/src/store/store.ts';
import type { OutputPageView, OutputView } from '../../../src/contract/index.ts';

const view = (n: number, over: Partial<OutputView> = {}): OutputView => ({
  outputId: `o${n}`,
  shotId: n % 2 ? 'shot-odd' : 'shot-even',
  jobId: null,
  file: `outputs/o${n}.png`,
  thumbnail: `outputs/.thumbs/o${n}.webp`,
  width: 800,
  height: 1200,
  createdAt: '2026-11-23T10:00:00Z',
  label: 'AI-generated',
  twinId: 'twin',
  licenceId: 'lic',
  usageId: `o${n}`,
  sceneId: 'studio-grey',
  poseId: 'front',
  state: 'generated',
  stateBy: null,
  stateAt: null,
  stateComment: null,
  ...over,
});

/** A core stand-in for outputs.page: 150 outputs, the cursor an index; `hold` keeps an answer until released. */
function fakeCore() {
  const all = Array.from({ length: 150 }, (_, i) => view(150 - i));
  const calls: Record<string, unknown>[] = [];
  const held: (() => void)[] = [];
  let hold = false;
  const page = (input: Record<string, unknown>): OutputPageView => {
    const rows = all.filter((o) => !input.shotId || o.shotId === input.shotId);
    const from = input.cursor ? Number(input.cursor) : 0;
    const limit = Number(input.limit);
    const next = from + limit < rows.length ? String(from + limit) : null;
    return { items: rows.slice(from, from + limit), nextCursor: next };
  };
  const transport: Transport = {
    mode: 'browser',
    call: async (method, input) => {
      if (method !== 'outputs.page') throw new Error(`unexpected ${method}`);
      calls.push(input as Record<string, unknown>);
      const value = page(input as Record<string, unknown>);
      if (hold) await new Promise<void>((resolve) => held.push(resolve));
      return { ok: true, value };
    },
    onEvent: () => () => {},
    fileUrl: (r) => r,
    stage: async () => ({ dir: '', paths: [] }),
  };
  return {
    store: createStudioStore(createStudioClient(transport)),
    calls,
    holdNext: () => (hold = true),
    release: () => ((hold = false), held.splice(0).forEach((r) => r())),
  };
}

describe('gallery slice: pages of outputs', () => {
  it('loads the first page, then the next ones in order until the last, never asking past it', async () => {
    const { store, calls } = fakeCore();
    await store.getState().refreshOutputs();
    expect(store.getState().outputs).toHaveLength(GALLERY_PAGE);
    expect(calls[0]).toEqual({ limit: GALLERY_PAGE });
    await store.getState().loadMoreOutputs();
    await store.getState().loadMoreOutputs();
    const ids = store.getState().outputs.map((o) => o.outputId);
    expect(ids).toHaveLength(150);
    expect(ids[0]).toBe('o150');
    expect(ids.at(-1)).toBe('o1');
    expect(store.getState().outputsCursor).toBeNull();
    await store.getState().loadMoreOutputs();
    expect(calls).toHaveLength(3);
  });

  it('filters on the server: a new filter starts from its first page', async () => {
    const { store, calls } = fakeCore();
    await store.getState().refreshOutputs();
    await store.getState().setOutputsFilter({ shotId: 'shot-odd' });
    expect(calls.at(-1)).toEqual({ shotId: 'shot-odd', limit: GALLERY_PAGE });
    expect(store.getState().outputs.every((o) => o.shotId === 'shot-odd')).toBe(true);
    await store.getState().loadMoreOutputs();
    expect(calls.at(-1)).toMatchObject({ shotId: 'shot-odd', cursor: String(GALLERY_PAGE) });
    expect(store.getState().outputs).toHaveLength(75);
  });

  it('drops a page that arrives after the filter changed', async () => {
    const { store, holdNext, release } = fakeCore();
    await store.getState().refreshOutputs();
    holdNext();
    const late = store.getState().loadMoreOutputs();
    const filtered = store.getState().setOutputsFilter({ shotId: 'shot-even' });
    release();
    await Promise.all([late, filtered]);
    expect(store.getState().outputs.every((o) => o.shotId === 'shot-even')).toBe(true);
    expect(store.getState().outputs).toHaveLength(GALLERY_PAGE);
  });

  it('puts a new render at the top when it matches the filter, and leaves it out when it does not', async () => {
    const { store } = fakeCore();
    await store.getState().setOutputsFilter({ shotId: 'shot-even' });
    applyEvent(store, { type: 'output.added', output: view(999, { shotId: 'shot-odd' }) });
    expect(store.getState().outputs[0]?.outputId).toBe('o150');
    applyEvent(store, { type: 'output.added', output: view(1000) });
    expect(store.getState().outputs[0]?.outputId).toBe('o1000');
  });

  it('leaves a new render out of a gallery filtered by stars (a new render has none)', () => {
    expect(matchesGallery(view(1, { rating: 0 }), { minRating: 1 })).toBe(false);
    expect(matchesGallery(view(1, { rating: 3 }), { minRating: 3 })).toBe(true);
    expect(matchesGallery(view(1), {})).toBe(true);
  });
});
