import { StudioApiError, type WireError } from '../../../src/contract/index.ts';
import { createEtaEstimator } from './eta.ts';
import { pictureKey } from './mergeShot.ts';
import type { Availability, RenderSlice, Slice } from './types.ts';

export const asWire = (error: unknown): WireError =>
  error instanceof StudioApiError
    ? { code: error.code, message: error.message, details: error.details }
    : { code: 'INTERNAL', message: String((error as Error)?.message ?? error), details: {} };

export const availability = (error: unknown): Availability => {
  const e = asWire(error);
  return e.code === 'SERVICE_UNAVAILABLE'
    ? { state: 'unavailable', message: e.message }
    : { state: 'error', message: e.message };
};

/** Render queue, settings and sync (and the gallery's first page): each shows "not available" when its service is absent. */
export const createRenderSlice: Slice<RenderSlice> = (set, get, client) => ({
  info: null,
  jobs: [],
  jobsStatus: { state: 'loading' },
  verify: {},
  renderError: null,
  settings: null,
  sync: null,
  syncStatus: { state: 'loading' },
  async refreshServices() {
    const info = await client.call('app.info', {});
    set({ info });
    // The gallery's first page loads beside the rest and keeps its own state (outputs.slice.ts).
    const [jobs, , settings, sync] = await Promise.allSettled([
      client.call('render.jobs', {}),
      get().refreshOutputs(),
      client.call('settings.get', {}),
      client.call('sync.status', {}),
    ]);
    set({
      jobs: jobs.status === 'fulfilled' ? jobs.value : [],
      jobsStatus: jobs.status === 'fulfilled' ? { state: 'ready' } : availability(jobs.reason),
      settings: settings.status === 'fulfilled' ? settings.value : null,
      sync: sync.status === 'fulfilled' ? sync.value : null,
      syncStatus: sync.status === 'fulfilled' ? { state: 'ready' } : availability(sync.reason),
    });
  },
  async render(variants) {
    const { shot } = get();
    if (!shot) return;
    set({ renderError: null });
    try {
      await get().saveNow();
      const jobs = await client.call(
        'render.enqueue',
        variants ? { shotId: shot.shotId, variants } : { shotId: shot.shotId },
      );
      // The shot's own job (not its variants) shows on the canvas when it is done, if the shot is still as rendered.
      const first = jobs.find((j) => j.variant === null);
      set({
        jobs: [...jobs, ...get().jobs.filter((j) => !jobs.some((n) => n.jobId === j.jobId))],
        ...(first ? { renderKeys: { ...get().renderKeys, [first.jobId]: pictureKey(get().shot ?? shot) } } : {}),
      });
      get().notify({ tone: 'info', title: jobs.length === 1 ? 'Render queued' : `${jobs.length} renders queued` });
    } catch (error) {
      set({ renderError: asWire(error) });
    }
  },
  async cancelJob(jobId) {
    try {
      const job = await client.call('render.cancel', { jobId });
      set({ jobs: get().jobs.map((j) => (j.jobId === jobId ? job : j)) });
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not cancel', body: asWire(error).message });
    }
  },
  async retryJob(jobId) {
    try {
      const job = await client.call('render.retry', { jobId });
      set({ jobs: [job, ...get().jobs.filter((j) => j.jobId !== job.jobId)] });
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not retry', body: asWire(error).message });
    }
  },
  async verifyOutput(outputId) {
    try {
      const report = await client.call('outputs.verify', { outputId });
      set({ verify: { ...get().verify, [outputId]: report } });
    } catch (error) {
      set({ verify: { ...get().verify, [outputId]: asWire(error) } });
    }
  },
  dismissRenderError: () => set({ renderError: null }),
  onCanvas: null,
  eta: createEtaEstimator(),
  renderKeys: {},
  proofBusy: false,
  async makeProof() {
    const { shot } = get();
    if (!shot || get().proofBusy) return;
    set({ proofBusy: true, renderError: null });
    try {
      await get().saveNow();
      const key = pictureKey(get().shot ?? shot);
      const view = await client.call('render.proof', { shotId: shot.shotId });
      const { proofsLeftToday, billed, ms } = view;
      set({ onCanvas: { kind: 'proof', ...view, key, proof: { proofsLeftToday, billed, ms } } });
    } catch (error) {
      set({ renderError: asWire(error) });
    } finally {
      set({ proofBusy: false });
    }
  },
  dismissProof: () => set({ onCanvas: null }),
  async openJob(jobId) {
    const job = get().jobs.find((j) => j.jobId === jobId);
    if (!job?.outputId) return;
    try {
      if (get().shot?.shotId !== job.shotId) await get().openShot(job.shotId);
      const output = (await client.call('outputs.list', { shotId: job.shotId })).find(
        (o) => o.outputId === job.outputId,
      );
      const shot = get().shot;
      if (!output || !shot) return;
      set({ onCanvas: { kind: 'render', ...output, key: pictureKey(shot) }, view: 'compose' });
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not open the image', body: asWire(error).message });
    }
  },
  async setProvider(provider) {
    const before = get().settings;
    // Show the choice at once; the core's answer (or a refusal) replaces it.
    if (before) set({ settings: { ...before, executionProvider: provider } });
    try {
      set({ settings: await client.call('settings.setProvider', { provider }) });
    } catch (error) {
      set({ settings: before });
      get().notify({ tone: 'error', title: 'Could not change the provider', body: asWire(error).message });
    }
  },
});
