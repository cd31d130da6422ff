import type {
  AnnotationView,
  AnnotationWire,
  ExportPlanView,
  ColourLabel,
  ExportPresetView,
  ExportRecipeView,
  ExportReportView,
  ExportSpec,
  BrushStrokeWire,
  IngestSessionView,
  SavedPoseView,
  PackBuiltView,
  PackDraftView,
  OutputPageView,
  OutputState,
  OutputView,
  ProofView,
  ProviderInfo,
  ReviewBatchView,
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
  minRating?: number;
  colour?: ColourLabel;
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
  /** A proof of the stored shot at screen size, straight through the render pool (not the queue). */
  proof?(request: { shotId: string }): Promise<ProofView>;
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
  /** One decision and comment over a multi-selection: a record per output; those that cannot be decided, with why. */
  decideMany(request: {
    outputIds: string[];
    decision: 'approve' | 'reject';
    comment?: string;
  }): Promise<ReviewBatchView>;
  /** Stars (0 clears) and/or colour label (null clears) on each output. */
  mark(request: { outputIds: string[]; rating?: number; colour?: ColourLabel | null }): Promise<OutputView[]>;
  /** The workspace-relative path of the output's clean view (proof mark out, badge in), for the app only. */
  clean(outputId: string): Promise<string>;
}

/** Labelled batch export of approved outputs; one run at a time, progress as `export.progress` events. */
export interface ExportService {
  presets(): Promise<ExportPresetView[]>;
  run(
    request: ExportSpec & {
      out?: string;
      parent?: string;
      zip?: boolean;
      filter: { state: 'approved'; shotId?: string };
    },
  ): Promise<ExportReportView>;
  /** The names a run would write and the images its frame would upscale (nothing written). */
  plan(request: ExportSpec & { shotId?: string }): Promise<ExportPlanView>;
  recipes(): Promise<ExportRecipeView[]>;
  saveRecipe(recipe: ExportSpec & { name: string }): Promise<ExportRecipeView[]>;
  removeRecipe(name: string): Promise<ExportRecipeView[]>;
  /** The folder (or zip) a run finished in this process wrote (EXPORT_RUN_UNKNOWN otherwise). */
  location(runId: string): string;
  /** True when a run was asked to stop (it stops after the image in hand; the batch resumes on a re-run). */
  cancel(): Promise<boolean>;
  events(listener: (event: StudioEvent) => void): () => void;
}

/** What only the desktop app can do: its glue (electron/main/desktop.ts) provides it; browser mode has none. */
export interface DesktopService {
  /** A folder the user picked in the OS dialog, or null when dismissed. */
  chooseFolder(): Promise<string | null>;
  /** Shows a folder (opens it) or a file (selects it) in the OS file manager; false where that failed. */
  reveal(target: string): Promise<boolean>;
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
    points: Record<string, { x: number; y: number; visibility?: 'visible' | 'occluded' }>;
    strokes: BrushStrokeWire[];
    frontStrokes?: BrushStrokeWire[];
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
  desktop?: DesktopService;
  ingest?: IngestService;
  /** Until the ledger is wired, nothing has been rendered in this workspace, so every licence has used 0. */
  usage?: UsageCounter;
}
