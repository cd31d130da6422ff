import type { MethodName, MethodOutput, ParsedInput, StudioEvent } from '../contract/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { createEventHub, type EventHub } from './events.ts';
import { createLibraryHandlers } from './library.handlers.ts';
import { createReviewHandlers } from './review.handlers.ts';
import { createServiceHandlers } from './services.handlers.ts';
import { createShotsHandlers } from './shots.handlers.ts';
import type { StudioServices, UsageCounter } from './services.ts';

export type StudioHandlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

const NO_LEDGER_YET: UsageCounter = { imagesUsed: () => 0 };

/**
 * The one place the API is composed from the workspace and the services. Both bridges (HTTP and
 * Electron IPC) call these handlers through `dispatch`, so they behave the same.
 */
export function createStudioHandlers(deps: { workspace: Workspace; services?: StudioServices; mode: 'electron' | 'browser'; version?: string; hub?: EventHub }) {
  const { workspace: ws, services = {}, mode, version = '0.1.0' } = deps;
  const hub = deps.hub ?? createEventHub();
  const usage = services.usage ?? NO_LEDGER_YET;
  // A ledger record was appended (render, review, export): every window's "records waiting" moves with it.
  const ledgerMoved = (): void => {
    services.sync?.status().then((status) => hub.publish({ type: 'sync.status', status }), () => {});
  };
  const relayRender = (e: StudioEvent): void => {
    hub.publish(e);
    if (e.type !== 'output.added') return;
    // A render used one of the licence's images: its count and the gate's answer change in every window.
    hub.publish({ type: 'usage.changed', twinId: e.output.twinId, licenceId: e.output.licenceId });
    ledgerMoved();
  };
  const unsubscribers = [services.render?.events(relayRender), services.sync?.events((e) => hub.publish(e)), services.export?.events((e) => hub.publish(e))].filter((u) => u !== undefined);
  const handlers: StudioHandlers = {
    'app.info': () => ({
      version,
      mode,
      workspaceDir: ws.dir,
      services: { render: services.render !== undefined, outputs: services.outputs !== undefined, sync: services.sync !== undefined, review: services.review !== undefined, export: services.export !== undefined },
    }),
    ...createLibraryHandlers({ ws, usage, hub }),
    ...createShotsHandlers({ ws, usage, hub }),
    ...createServiceHandlers({ ws, services, usage }),
    ...createReviewHandlers({ services, ledgerMoved }),
  };
  return { handlers, events: hub, close: () => unsubscribers.forEach((u) => u()) };
}
