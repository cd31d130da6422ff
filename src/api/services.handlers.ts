import type { OutputState, SettingsView } from '../contract/index.ts';
import { expectedFor, StudioError } from '../errors/index.ts';
import { refusalError } from '../policy/index.ts';
import { createReviewerSetting, type Workspace } from '../workspace/index.ts';
import type { EventHub } from './events.ts';
import { checkShot } from './shots.handlers.ts';
import type { OutputPageFilter, StudioServices, UsageCounter } from './services.ts';

const PROVIDER_KEY = 'render.executionProvider';
/** Settings lists providers in one fixed order, whatever the render queue tries first (the user's pick). */
const PROVIDER_ORDER = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

/** The providers in the fixed order; any other provider after them, by id, so a reload never reorders the list. */
export function inDisplayOrder<P extends { id: string }>(providers: readonly P[]): P[] {
  const rank = (id: string): number => {
    const at = PROVIDER_ORDER.indexOf(id);
    return at < 0 ? PROVIDER_ORDER.length : at;
  };
  return [...providers].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

export function unavailable(service: string, what: string): never {
  throw new StudioError('SERVICE_UNAVAILABLE', `${what} is not available in this build of the studio yet`, { service });
}

/** Render, outputs, settings and sync: thin over the services handed in, honest when one is missing. */
export function createServiceHandlers(deps: {
  ws: Workspace;
  services: StudioServices;
  usage: UsageCounter;
  hub: EventHub;
}) {
  const { ws, services, usage, hub } = deps;
  const render = () => services.render ?? unavailable('render', 'Rendering');
  const outputs = () => services.outputs ?? unavailable('outputs', 'The outputs gallery');
  const sync = () => services.sync ?? unavailable('sync', 'Registry sync');
  const reviewer = createReviewerSetting(ws.db);

  const settings = async (): Promise<SettingsView> => {
    const row = ws.db.prepare('SELECT value FROM settings WHERE key = ?').get(PROVIDER_KEY) as
      { value: string } | undefined;
    return {
      executionProvider: row?.value ?? 'auto',
      providers: services.render ? inDisplayOrder(await services.render.providers()) : null,
      workspaceDir: ws.dir,
      reviewer: reviewer.get(),
    };
  };

  /** The settings as they are now, told to every window. */
  const changed = async (): Promise<SettingsView> => {
    const view = await settings();
    hub.publish({ type: 'settings.changed', settings: view });
    return view;
  };

  return {
    'render.enqueue': async (input: { shotId: string; variants?: { sceneIds: string[]; poseIds: string[] } }) => {
      const service = render();
      // Refuse early, where the user pressed Render; the render service asks the gate again before it writes.
      const check = await checkShot(ws, ws.shots.load(input.shotId), usage);
      if (!check.allowed)
        throw refusalError({
          allowed: false,
          code: check.code,
          rule: check.rule,
          message: check.message,
          facts: { ...check.facts, advice: check.advice },
        });
      return service.enqueue(
        input.variants ? { shotId: input.shotId, variants: input.variants } : { shotId: input.shotId },
      );
    },
    'render.cancel': ({ jobId }: { jobId: string }) => render().cancel(jobId),
    'render.retry': ({ jobId }: { jobId: string }) => render().retry(jobId),
    'render.jobs': () => render().jobs(),
    'render.proof': ({ shotId }: { shotId: string }) => {
      const service = render();
      return service.proof ? service.proof({ shotId }) : unavailable('render.proof', 'Proofs');
    },
    'outputs.list': ({ shotId, state }: { shotId?: string; state?: OutputState }) =>
      outputs().list({ ...(shotId ? { shotId } : {}), ...(state ? { state } : {}) }),
    'outputs.page': (filter: OutputPageFilter) => outputs().page(filter),
    'outputs.verify': ({ outputId }: { outputId: string }) => outputs().verify(outputId),
    'settings.get': settings,
    'settings.setProvider': async ({ provider }: { provider: string }) => {
      const known = services.render ? await services.render.providers() : null;
      if (provider !== 'auto' && known && !known.some((p) => p.id === provider)) {
        throw new StudioError(
          'PROVIDER_UNKNOWN',
          expectedFor(`one of auto, ${known.map((p) => p.id).join(', ')}`, 'the execution provider', provider),
          { provider },
        );
      }
      ws.db
        .prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        )
        .run(PROVIDER_KEY, provider);
      return changed();
    },
    'settings.setReviewer': async ({ name }: { name: string }) => {
      reviewer.set(name);
      return changed();
    },
    'sync.status': () => sync().status(),
    'sync.enrol': (input: { registryUrl: string; token: string }) => sync().enrol(input),
    'sync.now': () => sync().syncNow(),
  };
}
