import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { StudioEvent } from '../../../src/contract/index.ts';
import type { StudioClient } from '../client/studioClient.ts';
import { createExportSlice } from './export.slice.ts';
import { createLibrarySlice } from './library.slice.ts';
import { createOutputsSlice } from './outputs.slice.ts';
import { createRenderSlice } from './render.slice.ts';
import { createReviewSlice } from './review.slice.ts';
import { createShotSlice } from './shot.slice.ts';
import { createSyncSlice } from './sync.slice.ts';
import type { StudioState } from './types.ts';
import { createUiSlice } from './ui.slice.ts';

/** One store of typed slices per window (created by main.tsx, handed down by context; tests make their own). */
export function createStudioStore(client: StudioClient): StoreApi<StudioState> {
  return createStore<StudioState>()((set, get) => ({
    ...createUiSlice(set, get, client),
    ...createLibrarySlice(set, get, client),
    ...createShotSlice(set, get, client),
    ...createRenderSlice(set, get, client),
    ...createSyncSlice(set, get, client),
    ...createOutputsSlice(set, get, client),
    ...createReviewSlice(set, get, client),
    ...createExportSlice(set, get, client),
  }));
}

/** Events from the core keep the store current without polling. */
export function applyEvent(store: StoreApi<StudioState>, event: StudioEvent): void {
  const s = store.getState();
  switch (event.type) {
    case 'job.updated':
      s.eta.observe(event.job, performance.now());
      store.setState({
        jobs: [event.job, ...s.jobs.filter((j) => j.jobId !== event.job.jobId)].sort((a, b) =>
          b.createdAt.localeCompare(a.createdAt),
        ),
      });
      return;
    case 'job.removed':
      store.setState({ jobs: s.jobs.filter((j) => j.jobId !== event.jobId) });
      return;
    case 'output.added': {
      s.outputAdded(event.output);
      const key = event.output.jobId ? s.renderKeys[event.output.jobId] : undefined;
      if (key && s.shot?.shotId === event.output.shotId)
        store.setState({ onCanvas: { kind: 'render', ...event.output, key } });
      return;
    }
    case 'output.updated':
      s.outputUpdated(event.output);
      return;
    case 'sync.status':
      store.setState({ sync: event.status, syncStatus: { state: 'ready' } });
      return;
    case 'library.changed':
      if (event.what === 'shots') void s.refreshShots();
      else void s.refreshLibrary();
      if (event.what === 'licences') {
        // A refusal shown for the licences as they were may no longer hold: the policy line has the new answer.
        s.dismissRenderError();
        void s.refreshPolicy();
      }
      return;
    case 'shot.saved':
      s.shotSaved(event.shot, event.created);
      return;
    case 'usage.changed':
      // Images left moved: the licence lines and the gate's answer for the open shot follow.
      void s.refreshLibrary();
      if (s.shot?.twin.licenceId === event.licenceId) void s.refreshPolicy();
      return;
    case 'events.resumed':
      // Events were missed: everything that follows them is fetched again; the open shot catches up or asks.
      void s.refreshServices().catch(() => {});
      void s.refreshLibrary();
      void s.refreshShots().catch(() => {});
      void s.catchUp();
      void s.refreshPolicy();
      return;
    case 'settings.changed':
      store.setState({ settings: event.settings });
      return;
    case 'export.progress':
      s.exportProgress(event.progress);
      return;
    case 'menu':
      return;
  }
}

export const StoreContext = createContext<StoreApi<StudioState> | null>(null);
export const ClientContext = createContext<StudioClient | null>(null);

export function useStudio<T>(selector: (state: StudioState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudio outside <StoreContext>');
  return useStore(store, selector);
}

export function useStudioStore(): StoreApi<StudioState> {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudioStore outside <StoreContext>');
  return store;
}

export function useClient(): StudioClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientContext>');
  return client;
}
