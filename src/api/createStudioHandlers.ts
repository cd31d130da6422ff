import type { MethodName, MethodOutput, ParsedInput } from '../contract/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { createEventHub, type EventHub } from './events.ts';
import { createLibraryHandlers } from './library.handlers.ts';
import { createReviewHandlers } from './review.handlers.ts';
import { createServiceHandlers } from './services.handlers.ts';
import { createShotsHandlers } from './shots.handlers.ts';
import type { StudioServices, UsageCounter } from './services.ts';

export type StudioHandlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

const NO_LEDGER_YET: UsageCounter = { imagesUsed: () => 0, checkIntegrity: () => ({ ok: true }) };

/**
 * The one place the API is composed from the workspace and the services. Both bridges (HTTP and
 * Electron IPC) call these handlers through `dispatch`, so they behave the same.
 */
export function createStudioHandlers(deps: { workspace: Workspace; services?: StudioServices; mode: 'electron' | 'browser'; version?: string; hub?: EventHub }) {
  const { workspace: ws, services = {}, mode, version = '0.1.0' } = deps;
  const hub = deps.hub ?? createEventHub();
  const usage = services.usage ?? NO_LEDGER_YET;
  const unsubscribers = [services.render?.events((e) => hub.publish(e)), services.sync?.events((e) => hub.publish(e)), services.export?.events((e) => hub.publish(e))].filter((u) => u !== undefined);
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
    ...createReviewHandlers({ services }),
  };
  return { handlers, events: hub, close: () => unsubscribers.forEach((u) => u()) };
}
