import type { OutputView, ProviderInfo, RenderJob, StudioEvent, SyncStatus, VerifyReport } from '../contract/index.ts';

/**
 * Services built by other rooms (render queue, outputs/provenance, sync) and handed to createStudioHandlers.
 * Each is optional: when absent, its methods answer SERVICE_UNAVAILABLE and the UI says "not available".
 */
export interface RenderService {
  enqueue(request: { shotId: string; variants?: { sceneIds: string[]; poseIds: string[] } }): Promise<RenderJob[]>;
  cancel(jobId: string): Promise<RenderJob>;
  retry(jobId: string): Promise<RenderJob>;
  jobs(): Promise<RenderJob[]>;
  /** Job progress (`job.updated`, `job.removed`, `output.added`); returns the unsubscribe function. */
  events(listener: (event: StudioEvent) => void): () => void;
  /** Execution providers on this machine, in the order they would be tried. */
  providers(): Promise<ProviderInfo[]>;
}

export interface OutputsService {
  list(filter: { shotId?: string }): Promise<OutputView[]>;
  verify(outputId: string): Promise<VerifyReport>;
}

export interface SyncService {
  status(): Promise<SyncStatus>;
  events(listener: (event: StudioEvent) => void): () => void;
}

/** How many images a licence has used, synced or not: the ledger answers this. */
export interface UsageCounter {
  imagesUsed(licenceId: string): number;
}

export interface StudioServices {
  render?: RenderService;
  outputs?: OutputsService;
  sync?: SyncService;
  /** Until the ledger is wired, nothing has been rendered in this workspace, so every licence has used 0. */
  usage?: UsageCounter;
}
