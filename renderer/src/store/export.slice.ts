import { asWire, availability } from './render.slice.ts';
import type { ExportSlice, Slice } from './types.ts';

/** Batch export: one run at a time; progress arrives as events, the report as the call's answer. */
export const createExportSlice: Slice<ExportSlice> = (set, get, client) => ({
  presets: [],
  presetsStatus: { state: 'loading' },
  exportPreset: null,
  approvedCount: null,
  exportRun: { state: 'idle', progress: null, report: null, error: null },
  async refreshExport() {
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
  },
  pickPreset: (name) => set({ exportPreset: name }),
  async runExport() {
    const preset = get().exportPreset;
    if (!preset || get().exportRun.state === 'running') return;
    set({ exportRun: { state: 'running', progress: null, report: null, error: null } });
    try {
      const report = await client.call('export.run', { preset });
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
