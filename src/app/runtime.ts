import type { StudioServices } from '../api/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { openStudio, type Studio } from './openStudio.ts';
import { createOutputsService } from './outputsService.ts';
import { createProvenance, type Provenance } from './provenance.ts';
import { createStudioSync } from './sync.ts';

export interface StudioRuntime {
  studio: Studio;
  workspace: Workspace;
  provenance: Provenance;
  services: StudioServices;
  close(): Promise<void>;
}

/**
 * Everything a long-running studio process (Electron's main, browser mode) needs, built once from one
 * workspace folder: the workspace and ledger, the stamper, and the services the API hands to the UI.
 */
export async function createStudioRuntime(dir: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<StudioRuntime> {
  const studio = openStudio(dir, { env: options.env ?? process.env });
  try {
    const provenance = await createProvenance(studio.ws);
    const sync = createStudioSync(studio);
    const services: StudioServices = {
      usage: studio.ledger,
      outputs: createOutputsService({ studio, provenance }),
      sync: sync.service,
    };
    // Enrolled workspaces sync in the background; backs off on its own while the registry is away.
    sync.start();
    return {
      studio,
      workspace: studio.ws,
      provenance,
      services,
      close: async () => {
        await sync.stop();
        studio.close();
      },
    };
  } catch (error) {
    studio.close();
    throw error;
  }
}
