import type { Clock } from '../clock/index.ts';
import type { OutputsService, StudioServices } from '../api/index.ts';
import { createPoseEstimator } from '../ingest/pose/index.ts';
import type { PoseEstimator } from '../ingest/poseEstimator.ts';
import { defaultModelsDir } from '../render/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { openStudio, type Studio } from './openStudio.ts';
import { createReviewExportServices } from './exportService.ts';
import { createIngestService } from './ingestService.ts';
import { cutOutInWorker } from '../ingest/cutout/inWorker.ts';
import { suggestLandmarks } from '../ingest/landmarks/index.ts';
import { createOutputsService } from './outputsService.ts';
import { createProvenance } from './provenance.ts';
import type { ProvenanceKit } from './provenanceKit.ts';
import { createRenderJobs, type RenderJobs } from './renderJobsService.ts';
import { createStudioSync } from './sync.ts';

export interface StudioRuntime {
  studio: Studio;
  workspace: Workspace;
  provenance: ProvenanceKit;
  services: StudioServices & { render: RenderJobs; outputs: OutputsService };
  close(): Promise<void>;
}

export interface StudioRuntimeOptions {
  /** The process's clock, from its composition root. */
  now: Clock;
  env: NodeJS.ProcessEnv;
  /** The render models (the packaged app passes its resources path). */
  modelsDir?: string;
  /** The render worker's entry, for a bundle whose worker is not beside the sources (Electron). */
  workerUrl?: URL;
  /** The cut-out's worker thread (the Electron bundle's; default: the TypeScript source beside it). */
  cutoutWorkerUrl?: URL;
  poolSize?: number;
  log?: (line: string) => void;
}

/**
 * Everything a long-running studio process (Electron's main, browser mode) needs, built once from one
 * workspace folder: the workspace and ledger, the stamper, the render queue and the services the API hands
 * to the UI. close() stops the queue (interrupted jobs resume on the next start) and its workers.
 */
export async function createStudioRuntime(dir: string, options: StudioRuntimeOptions): Promise<StudioRuntime> {
  const studio = openStudio(dir, { now: options.now, env: options.env });
  try {
    const provenance = await createProvenance(studio.ws);
    const sync = createStudioSync(studio);
    const render = createRenderJobs({
      studio,
      provenance,
      options: {
        modelsDir: options.modelsDir ?? defaultModelsDir(),
        ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
        ...(options.poolSize ? { poolSize: options.poolSize } : {}),
        ...(options.log ? { log: options.log } : {}),
      },
    });
    // The pose model loads on the first photo opened in the Ingest view, not at start.
    const modelsDir = options.modelsDir ?? defaultModelsDir();
    let estimator: Promise<PoseEstimator> | null = null;
    const pose = () =>
      (estimator ??= createPoseEstimator({ modelsDir }).catch((error: unknown) => {
        estimator = null; // a model that failed to load is tried again on the next photo
        throw error;
      }));
    const ingest = createIngestService({
      ws: studio.ws,
      core: {
        // In a worker thread: a 24-megapixel photo keeps the server's event loop busy for seconds otherwise.
        cutOut: (bytes, what) =>
          cutOutInWorker(bytes, { what, ...(options.cutoutWorkerUrl ? { workerUrl: options.cutoutWorkerUrl } : {}) }),
        estimatePose: async (image) => (await pose()).estimate(image),
        suggestLandmarks: async (image, category) => suggestLandmarks(image.data, image.width, image.height, category),
      },
    });
    const services = {
      ingest,
      usage: studio.ledger,
      outputs: createOutputsService({ studio, provenance }),
      render,
      sync: sync.service,
      ...createReviewExportServices(studio, provenance),
    };
    // Enrolled workspaces sync in the background; backs off on its own while the registry is away.
    sync.start();
    return {
      studio,
      workspace: studio.ws,
      provenance,
      services,
      close: async () => {
        try {
          await sync.stop();
          await render.close();
          await estimator?.then(
            (e) => e.dispose(),
            () => {},
          );
        } finally {
          studio.close();
        }
      },
    };
  } catch (error) {
    studio.close();
    throw error;
  }
}
