import { describe, expect, it } from 'vitest';
import { createStudioClient } from '../../../renderer/src/client/studioClient.ts';
import type { Transport } from '../../../renderer/src/client/transport.ts';
import { createStudioStore } from '../../../renderer/src/store/store.ts';

const recipe = { name: 'PDP 600', preset: 'social', sku: 'SKU-9', width: 600, height: 900, naming: '{sku}_{index}' };

/** A transport that records each call's input and answers what the export service would. */
function storeIn(mode: 'browser' | 'electron') {
  const calls: [string, unknown][] = [];
  const answers: Record<string, unknown> = {
    'export.presets': [{ name: 'product-page' }, { name: 'social' }],
    'outputs.list': [],
    'export.recipes': [recipe],
    'export.saveRecipe': [recipe, { ...recipe, name: 'Mine' }],
    'export.plan': { files: [], upscaled: [], upscale: 'warn' },
    'export.chooseFolder': { path: '/Users/ana/Exports' },
    'export.run': { runId: 'r1' },
    'export.reveal': { opened: true },
  };
  const transport: Transport = {
    mode,
    call: async (method, input) => {
      calls.push([method, input]);
      return { ok: true, value: answers[method] };
    },
    onEvent: () => () => {},
    fileUrl: (r) => r,
    stage: async () => ({ dir: '', paths: [] }),
  };
  return { store: createStudioStore(createStudioClient(transport)), calls };
}
const inputsOf = (calls: [string, unknown][], method: string) => calls.filter(([m]) => m === method).map(([, i]) => i);

describe('export recipes in the store', () => {
  it('uses a saved recipe, plans it, and runs it as a zip download in browser mode', async () => {
    const { store, calls } = storeIn('browser');
    await store.getState().refreshExport();
    await expect.poll(() => store.getState().recipes).toEqual([recipe]);
    store.getState().useRecipe('PDP 600');
    expect(store.getState()).toMatchObject({ exportPreset: 'social', recipeName: 'PDP 600' });
    await store.getState().planExport();
    const spec = { preset: 'social', sku: 'SKU-9', width: 600, height: 900, naming: '{sku}_{index}' };
    expect(inputsOf(calls, 'export.plan').at(-1)).toEqual(spec);
    await store.getState().runExport();
    expect(inputsOf(calls, 'export.run')).toEqual([{ ...spec, zip: true }]);
  });

  it('an edit leaves the recipe (unsaved); saving names it; empty fields fall back to the preset', async () => {
    const { store, calls } = storeIn('browser');
    await store.getState().refreshExport();
    await expect.poll(() => store.getState().recipes).toHaveLength(1);
    store.getState().useRecipe('PDP 600');
    store.getState().setExportSpec({ width: null, naming: '' });
    expect(store.getState().recipeName).toBeNull();
    await store.getState().saveRecipe(' Mine ');
    expect(inputsOf(calls, 'export.saveRecipe')).toEqual([
      { name: 'Mine', preset: 'social', sku: 'SKU-9', height: 900 },
    ]);
    expect(store.getState()).toMatchObject({ recipeName: 'Mine' });
    expect(store.getState().recipes).toHaveLength(2);
  });

  it('desktop: makes the batch in the folder picked in the dialog, then opens it', async () => {
    const { store, calls } = storeIn('electron');
    await store.getState().refreshExport();
    await store.getState().chooseExportFolder();
    expect(store.getState().exportFolder).toBe('/Users/ana/Exports');
    await store.getState().runExport();
    expect(inputsOf(calls, 'export.run')).toEqual([{ preset: 'product-page', parent: '/Users/ana/Exports' }]);
    await store.getState().revealExport();
    expect(inputsOf(calls, 'export.reveal')).toEqual([{ runId: 'r1' }]);
  });
});
