import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStudioClient } from '../../../renderer/src/client/studioClient.ts';
import type { Transport } from '../../../renderer/src/client/transport.ts';
import { createStudioStore } from '../../../renderer/src/store/store.ts';
import type { Shot } from '../../../src/contract/index.ts';
import { editorShot } from '../editor/fixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

function storeWith(shots: Shot[]) {
  const saved: string[] = [];
  const transport: Transport = {
    mode: 'browser',
    call: async (method, input) => {
      if (method === 'shots.list') return { ok: true, value: shots };
      if (method === 'shots.get')
        return { ok: true, value: shots.find((s) => s.shotId === (input as { shotId: string }).shotId) };
      if (method === 'shots.save') {
        const { shot } = input as { shot: Shot };
        saved.push(`${shot.shotId}@${shot.twin.transform.x}`);
        return { ok: true, value: shot };
      }
      if (method === 'shots.check') return { ok: true, value: null };
      return { ok: true, value: [] };
    },
    onEvent: () => () => {},
    fileUrl: (r) => r,
    stage: async () => ({ dir: '', paths: [] }),
  };
  return { store: createStudioStore(createStudioClient(transport)), saved };
}

describe('shot slice', () => {
  it('autosaves once after edits settle', async () => {
    vi.useFakeTimers();
    const { store, saved } = storeWith([editorShot()]);
    await store.getState().refreshShots();
    const editor = store.getState().editor!;
    editor.setTransform({ x: 610, y: 880, scale: 1, rotation: 0 });
    editor.setTransform({ x: 620, y: 880, scale: 1, rotation: 0 });
    expect(store.getState().save.state).toBe('dirty');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(saved).toEqual(['shot_test@620']);
    expect(store.getState().save.state).toBe('saved');
  });

  it('lets go of the previous editor when another shot opens: its edits no longer reach the store', async () => {
    vi.useFakeTimers();
    const other = { ...editorShot(), shotId: 'shot_other', name: 'Other' };
    const { store, saved } = storeWith([editorShot(), other]);
    await store.getState().refreshShots();
    const first = store.getState().editor!;
    await store.getState().openShot('shot_test');
    expect(store.getState().editor).not.toBe(first);
    first.setTransform({ x: 650, y: 880, scale: 1, rotation: 0 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(store.getState().shot?.twin.transform.x).toBe(600);
    expect(store.getState().save.state).toBe('saved');
    expect(saved).toEqual([]);
  });
});
