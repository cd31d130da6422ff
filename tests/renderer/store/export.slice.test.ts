import { describe, expect, it } from 'vitest';
import { createStudioClient } from '../../../renderer/src/client/studioClient.ts';
import type { Transport } from '../../../renderer/src/client/transport.ts';
import { createStudioStore } from '../../../renderer/src/store/store.ts';
import type { ExportPresetView, ExportReportView, WireError } from '../../../src/contract/index.ts';

const preset = (name: string): ExportPresetView => ({
  name,
  description: '',
  width: 1080,
  height: 1350,
  fit: 'cover',
  background: '#ffffff',
  format: 'webp',
  quality: 85,
  naming: '{sku}_{n}',
  summary: '1080×1350 cover WEBP q85 sRGB',
});
const report: ExportReportView = {
  runId: 'r1',
  preset: 'social',
  dir: '/ws/exports/social-1',
  zip: null,
  images: [],
  exported: ['a.webp'],
  skipped: [],
  heldBack: [],
  withdrawn: [],
  warnings: [],
  totalMs: 10,
};

function storeWith(run: () => Promise<unknown>) {
  const calls: string[] = [];
  const transport: Transport = {
    mode: 'browser',
    call: async (method) => {
      calls.push(method);
      if (method === 'export.presets') return { ok: true, value: [preset('product-page'), preset('social')] };
      if (method === 'outputs.list') return { ok: true, value: [] };
      if (method === 'export.cancel') return { ok: true, value: { cancelled: true } };
      try {
        return { ok: true, value: await run() };
      } catch (error) {
        return { ok: false, error: error as WireError };
      }
    },
    onEvent: () => () => {},
    fileUrl: (r) => r,
    stage: async () => ({ dir: '', paths: [] }),
  };
  return { store: createStudioStore(createStudioClient(transport)), calls };
}

describe('export slice', () => {
  it('picks the first preset, runs the chosen one and keeps the report', async () => {
    const { store } = storeWith(async () => report);
    await store.getState().refreshExport();
    expect(store.getState()).toMatchObject({
      exportPreset: 'product-page',
      approvedCount: 0,
      presetsStatus: { state: 'ready' },
    });
    store.getState().pickPreset('social');
    await store.getState().runExport();
    expect(store.getState().exportRun).toMatchObject({
      state: 'done',
      report: { dir: '/ws/exports/social-1' },
      error: null,
    });
  });

  it('says cancelled (not failed) when the run was stopped, and shows the running state meanwhile', async () => {
    let stop: (e: unknown) => void = () => {};
    const { store, calls } = storeWith(() => new Promise((_, reject) => (stop = reject)));
    await store.getState().refreshExport();
    const run = store.getState().runExport();
    expect(store.getState().exportRun.state).toBe('running');
    await store.getState().runExport();
    expect(calls.filter((c) => c === 'export.run')).toHaveLength(1);
    await store.getState().cancelExport();
    stop({
      code: 'EXPORT_CANCELLED',
      message: 'Export cancelled after 1 of 3 images; run it again to resume',
      details: {},
    });
    await run;
    expect(store.getState().exportRun).toMatchObject({
      state: 'cancelled',
      report: null,
      error: { code: 'EXPORT_CANCELLED' },
    });
    expect(calls).toContain('export.cancel');
  });

  it('shows the service as unavailable when the build has no export', async () => {
    const transport: Transport = {
      mode: 'browser',
      call: async () => ({
        ok: false,
        error: { code: 'SERVICE_UNAVAILABLE', message: 'Batch export is not available', details: {} },
      }),
      onEvent: () => () => {},
      fileUrl: (r) => r,
      stage: async () => ({ dir: '', paths: [] }),
    };
    const bare = createStudioStore(createStudioClient(transport));
    await bare.getState().refreshExport();
    expect(bare.getState().presetsStatus).toEqual({ state: 'unavailable', message: 'Batch export is not available' });
  });
});
