import type {
  AnnotationView,
  AnnotationWire,
  ExportPresetView,
  ExportReportView,
  BrushStrokeWire,
  IngestSessionView,
  SavedPoseView,
  PackBuiltView,
  PackDraftView,
  OutputPageView,
  OutputState,
  OutputView,
  ProviderInfo,
  RenderJob,
  StudioEvent,
  SyncStatus,
  VerifyReport,
} from '../contract/index.ts';
import type { Garment } from '../catalog/garment.schema.ts';
import type { UsageCounter } from '../workspace/index.ts';

/**
 * Services built by other rooms (render queue, outputs/provenance, sync) and handed to createStudioHandlers.
 * Each is optional: when absent, its methods answer SERVICE_UNAVAILABLE and the UI says "not available".
 */
/** What the gallery filters and pages on (see `outputs.page`). */
export interface OutputPageFilter {
  shotId?: string;
  sceneId?: string;
  poseId?: string;
  state?: OutputState;
  limit?: number;
  cursor?: string;
}

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
  list(filter: { shotId?: string; state?: OutputState }): Promise<OutputView[]>;
  page(filter: OutputPageFilter): Promise<OutputPageView>;
  verify(outputId: string): Promise<VerifyReport>;
}

/** Review decisions (each appends a `review.*` ledger record) and notes kept beside the file. */
export interface ReviewService {
  approve(outputId: string, comment?: string): Promise<OutputView>;
  reject(outputId: string, comment?: string): Promise<OutputView>;
  annotate(outputId: string, annotation: AnnotationWire): Promise<AnnotationView>;
  annotations(outputId: string): Promise<AnnotationView[]>;
  removeAnnotation(annotationId: string): Promise<void>;
  /** The same shot's previous render, or null for a first render. */
  previous(outputId: string): Promise<OutputView | null>;
}

/** Labelled batch export of approved outputs; one run at a time, progress as `export.progress` events. */
export interface ExportService {
  presets(): Promise<ExportPresetView[]>;
  run(request: {
    preset: string;
    out?: string;
    filter: { state: 'approved'; shotId?: string };
  }): Promise<ExportReportView>;
  /** True when a run was asked to stop (it stops after the image in hand; the batch resumes on a re-run). */
  cancel(): Promise<boolean>;
  events(listener: (event: StudioEvent) => void): () => void;
}

export interface SyncService {
  status(): Promise<SyncStatus>;
  /** Spends a one-time enrolment token with the registry at the URL; syncing starts at once. */
  enrol(input: { registryUrl: string; token: string }): Promise<SyncStatus>;
  /** One round now; a failed round answers the status with its lastError (NOT_ENROLLED is thrown). */
  syncNow(): Promise<SyncStatus>;
  events(listener: (event: StudioEvent) => void): () => void;
}

/** The Ingest view: photos cut out with keypoints or landmarks placed, edited, then saved as a pose or a garment. */
export interface IngestService {
  open(input: { path: string; kind: 'pose' | 'garment'; category?: string }): Promise<IngestSessionView>;
  savePose(input: {
    sessionId: string;
    packDir: string;
    poseId: string;
    points: Record<string, { x: number; y: number }>;
    strokes: BrushStrokeWire[];
  }): Promise<SavedPoseView>;
  saveGarment(input: {
    sessionId: string;
    garmentId: string;
    sku: string;
    name: string;
    layer: 'under' | 'over';
    points: Record<string, { x: number; y: number }>;
    strokes: BrushStrokeWire[];
  }): Promise<Garment>;
  packDraft(packDir: string): Promise<PackDraftView>;
  signPack(input: { packDir: string; keyPath: string; draft: Record<string, unknown> }): Promise<PackBuiltView>;
}

/** The ledger as the policy gate asks it (verified, and images used per licence): one interface, the workspace's. */
export type { UsageCounter } from '../workspace/index.ts';

export interface StudioServices {
  render?: RenderService;
  outputs?: OutputsService;
  sync?: SyncService;
  review?: ReviewService;
  export?: ExportService;
  ingest?: IngestService;
  /** Until the ledger is wired, nothing has been rendered in this workspace, so every licence has used 0. */
  usage?: UsageCounter;
}
