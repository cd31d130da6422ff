import type { ExportRecipeView, ExportSpec } from '../../../src/contract/index.ts';
import { asWire, availability } from './render.slice.ts';
import type { ExportSlice, ExportSpecDraft, Slice, StudioState } from './types.ts';

const EMPTY_SPEC: ExportSpecDraft = { sku: '', width: null, height: null, naming: null };

/** The wire spec of what the window is set to: the chosen preset with the recipe's fields that are set. */
function specOf(state: Pick<StudioState, 'exportPreset' | 'exportSpec'>): ExportSpec | null {
  const { exportPreset: preset, exportSpec: s } = state;
  if (!preset) return null;
  return {
    preset,
    ...(s.sku.trim() ? { sku: s.sku.trim() } : {}),
    ...(s.width ? { width: s.width } : {}),
    ...(s.height ? { height: s.height } : {}),
    ...(s.naming?.trim() ? { naming: s.naming.trim() } : {}),
  };
}

const draftOf = (r: ExportRecipeView): ExportSpecDraft => ({
  sku: r.sku,
  width: r.width,
  height: r.height,
  naming: r.naming,
});

/** Batch export: one run at a time; progress arrives as events, the report as the call's answer. */
export const createExportSlice: Slice<ExportSlice> = (set, get, client) => ({
  presets: [],
  presetsStatus: { state: 'loading' },
  exportPreset: null,
  approvedCount: null,
  exportRun: { state: 'idle', progress: null, report: null, error: null },
  exportSpec: EMPTY_SPEC,
  recipes: [],
  recipeName: null,
  exportPlan: { plan: null, error: null },
  exportFolder: null,
  async refreshExport() {
    // Recipes and the plan follow on their own: the view is usable before they answer.
    void client.call('export.recipes', {}).then(
      (recipes) => Array.isArray(recipes) && set({ recipes }),
      () => {},
    );
    const [presets, approved] = await Promise.allSettled([
      client.call('export.presets', {}),
      client.call('outputs.list', { state: 'approved' }),
    ]);
    if (presets.status === 'fulfilled') {
      const chosen = get().exportPreset;
      set({
        presets: presets.value,
        presetsStatus: { state: 'ready' },
        exportPreset: presets.value.some((p) => p.name === chosen) ? chosen : (presets.value[0]?.name ?? null),
      });
    } else {
      set({ presets: [], presetsStatus: availability(presets.reason) });
    }
    set({ approvedCount: approved.status === 'fulfilled' ? approved.value.length : null });
    void get().planExport();
  },
  pickPreset: (name) => {
    set({ exportPreset: name, recipeName: null });
    void get().planExport();
  },
  setExportSpec(patch) {
    set({ exportSpec: { ...get().exportSpec, ...patch }, recipeName: null });
  },
  useRecipe(name) {
    const recipe = get().recipes.find((r) => r.name === name);
    if (!recipe) return;
    set({ exportPreset: recipe.preset, exportSpec: draftOf(recipe), recipeName: recipe.name });
    void get().planExport();
  },
  async saveRecipe(name) {
    const spec = specOf(get());
    if (!spec || !name.trim()) return;
    try {
      const recipes = await client.call('export.saveRecipe', { name: name.trim(), ...spec });
      set({ recipes, recipeName: name.trim() });
      get().notify({ tone: 'ok', title: `Recipe “${name.trim()}” saved` });
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not save the recipe', body: asWire(error).message });
    }
  },
  async removeRecipe(name) {
    try {
      const recipes = await client.call('export.removeRecipe', { name });
      set({ recipes, recipeName: get().recipeName === name ? null : get().recipeName });
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not delete the recipe', body: asWire(error).message });
    }
  },
  async planExport() {
    const spec = specOf(get());
    if (!spec) return;
    try {
      const plan = await client.call('export.plan', spec);
      // An answer for a spec the window has moved on from is dropped.
      if (JSON.stringify(specOf(get())) === JSON.stringify(spec)) set({ exportPlan: { plan, error: null } });
    } catch (error) {
      if (JSON.stringify(specOf(get())) === JSON.stringify(spec))
        set({ exportPlan: { plan: null, error: asWire(error) } });
    }
  },
  async chooseExportFolder() {
    try {
      const { path } = await client.call('export.chooseFolder', {});
      if (path) set({ exportFolder: path });
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not choose a folder', body: asWire(error).message });
    }
  },
  async revealExport() {
    const runId = get().exportRun.report?.runId;
    if (!runId) return;
    try {
      const { opened } = await client.call('export.reveal', { runId });
      if (!opened) get().notify({ tone: 'error', title: 'The folder could not be opened' });
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not open the folder', body: asWire(error).message });
    }
  },
  async runExport() {
    const spec = specOf(get());
    if (!spec || get().exportRun.state === 'running') return;
    set({ exportRun: { state: 'running', progress: null, report: null, error: null } });
    const folder = get().exportFolder;
    // Browser mode downloads a zip; the desktop app writes a folder (the one picked, or the workspace's exports).
    const destination = client.mode === 'browser' ? { zip: true } : folder ? { parent: folder } : {};
    try {
      const report = await client.call('export.run', { ...spec, ...destination });
      set({ exportRun: { state: 'done', progress: get().exportRun.progress, report, error: null } });
    } catch (error) {
      const e = asWire(error);
      set({
        exportRun: {
          state: e.code === 'EXPORT_CANCELLED' ? 'cancelled' : 'failed',
          progress: get().exportRun.progress,
          report: null,
          error: e,
        },
      });
    }
  },
  async cancelExport() {
    try {
      await client.call('export.cancel', {});
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not cancel the export', body: asWire(error).message });
    }
  },
  exportProgress(progress) {
    const run = get().exportRun;
    // Progress of a run this window did not start (another window, the CLI's server) still shows.
    set({
      exportRun: {
        ...run,
        state: run.state === 'idle' && progress.status !== 'done' ? 'running' : run.state,
        progress,
      },
    });
  },
});
