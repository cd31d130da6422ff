import type { ProviderInfo } from '../contract/index.ts';
import { adviceFor, defaultProviders, runDoctor, type ProviderName } from '../render/index.ts';
import type { Workspace } from '../workspace/index.ts';

/** The same key the settings handler writes (`settings.setProvider`). */
export const PROVIDER_SETTING = 'render.executionProvider';

const LABELS: Record<ProviderName, string> = {
  cuda: 'NVIDIA CUDA',
  dml: 'DirectML',
  coreml: 'CoreML',
  webgpu: 'WebGPU',
  cpu: 'CPU',
};

export interface ProviderChoice {
  /** What loads on this machine, in the order jobs would try them now (the user's choice first). */
  list(): Promise<ProviderInfo[]>;
  /** The order a new job tries providers in. */
  order(): ProviderName[];
}

/**
 * Which execution providers start here: each of this platform's providers is asked once to open the render
 * model (no self-test render, ~100 ms), the first time anyone asks, and the answer kept for the process.
 */
export function createProviderChoice(deps: {
  ws: Workspace;
  modelsDir: string;
  candidates?: ProviderName[];
}): ProviderChoice {
  const candidates = deps.candidates ?? defaultProviders();
  let checked: Promise<ProviderInfo[]> | undefined;
  const check = (): Promise<ProviderInfo[]> =>
    (checked ??= runDoctor({
      modelsDir: deps.modelsDir,
      providers: candidates,
      selfTest: false,
      // The GPU listing is the doctor command's business; here only "does it load" matters.
      exec: () => Promise.reject(new Error('not asked')),
    }).then((report) =>
      report.providers.map((c) => ({
        id: c.provider,
        label: LABELS[c.provider],
        available: c.loads,
        reason: c.loads ? null : (adviceFor(c.provider, c.reason ?? '') ?? c.reason ?? 'did not start'),
      })),
    ));

  const chosen = (): string =>
    (
      deps.ws.db.prepare('SELECT value FROM settings WHERE key = ?').get(PROVIDER_SETTING) as
        { value: string } | undefined
    )?.value ?? 'auto';
  const order = (): ProviderName[] => {
    const pick = chosen();
    const hit = candidates.find((p) => p === pick);
    return hit ? [hit, ...candidates.filter((p) => p !== hit)] : [...candidates];
  };

  return {
    order,
    async list() {
      const infos = await check();
      return order()
        .map((id) => infos.find((i) => i.id === id))
        .filter((i): i is ProviderInfo => i !== undefined);
    },
  };
}
