import type { MethodName, MethodOutput, ParsedInput, StudioEvent } from '../contract/index.ts';
import { DisposableStore } from '../lifecycle/index.ts';
// version.ts only, not app/index.ts: the app room builds on this one.
import { APP_VERSION } from '../app/version.ts';
import type { Workspace } from '../workspace/index.ts';
import { createEventHub, type EventHub } from './events.ts';
import { createIngestHandlers } from './ingest.handlers.ts';
import { createLibraryHandlers } from './library.handlers.ts';
import { createReviewHandlers } from './review.handlers.ts';
import { createServiceHandlers } from './services.handlers.ts';
import { createShotsHandlers } from './shots.handlers.ts';
import type { StudioServices, UsageCounter } from './services.ts';

export type StudioHandlers = {
  [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

const NO_LEDGER_YET: UsageCounter = { imagesUsed: () => 0, checkIntegrity: () => ({ ok: true }) };

/**
 * The one place the API is composed from the workspace and the services. Both bridges (HTTP and
 * Electron IPC) call these handlers through `dispatch`, so they behave the same.
 */
export function createStudioHandlers(deps: {
  workspace: Workspace;
  services?: StudioServices;
  mode: 'electron' | 'browser';
  hub?: EventHub;
}) {
  const { workspace: ws, services = {}, mode } = deps;
  const hub = deps.hub ?? createEventHub();
  const usage = services.usage ?? NO_LEDGER_YET;
  // A ledger record was appended (render, review, export): every window's "records waiting" moves with it.
  const ledgerMoved = (): void => {
    services.sync?.status().then(
      (status) => hub.publish({ type: 'sync.status', status }),
      () => {},
    );
  };
  const relayRender = (e: StudioEvent): void => {
    hub.publish(e);
    if (e.type !== 'output.added') return;
    // A render used one of the licence's images: its count and the gate's answer change in every window.
    hub.publish({ type: 'usage.changed', twinId: e.output.twinId, licenceId: e.output.licenceId });
    ledgerMoved();
  };
  // The services' events reach the hub until close(): the store holds each subscription.
  const subscriptions = new DisposableStore();
  if (services.render) subscriptions.addUndo(services.render.events(relayRender));
  for (const service of [services.sync, services.export]) {
    if (service) subscriptions.addUndo(service.events((e) => hub.publish(e)));
  }
  const handlers: StudioHandlers = {
    'app.info': () => ({
      version: APP_VERSION,
      mode,
      workspaceDir: ws.dir,
      services: {
        render: services.render !== undefined,
        outputs: services.outputs !== undefined,
        sync: services.sync !== undefined,
        review: services.review !== undefined,
        export: services.export !== undefined,
      },
    }),
    ...createLibraryHandlers({ ws, usage, hub }),
    ...createShotsHandlers({ ws, usage, hub }),
    ...createServiceHandlers({ ws, services, usage, hub }),
    ...createReviewHandlers({ services, ledgerMoved, hub }),
    ...createIngestHandlers({ ws, services, hub }),
  };
  return { handlers, events: hub, close: () => subscriptions.dispose() };
}
