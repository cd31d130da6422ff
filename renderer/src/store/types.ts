import type { StoreApi } from 'zustand';
import type {
  AnnotationView,
  AnnotationWire,
  ExportPlanView,
  ColourLabel,
  ExportPresetView,
  ExportProgressView,
  ExportRecipeView,
  ExportReportView,
  OutputState,
} from '../../../src/contract/index.ts';
import type {
  AppInfo,
  GarmentView,
  OutputView,
  PolicyCheck,
  ProofView,
  RenderJob,
  SceneView,
  SettingsView,
  Shot,
  SyncStatus,
  TwinView,
  VerifyReport,
  WireError,
} from '../../../src/contract/index.ts';
import type { Editor, LayerId } from '../../editor/index.ts';
import type { StudioClient } from '../client/studioClient.ts';
import type { EtaEstimator } from './eta.ts';

export interface Notice {
  id: number;
  tone: 'info' | 'ok' | 'error';
  title: string;
  body?: string;
}

/** A service's state as the UI shows it: loaded, or "not available" with the core's words. */
export type Availability =
  | { state: 'loading' }
  | { state: 'ready' }
  | { state: 'unavailable'; message: string }
  | { state: 'error'; message: string };

export interface LibrarySlice {
  twins: TwinView[];
  garments: GarmentView[];
  scenes: SceneView[];
  libraryLoaded: boolean;
  refreshLibrary(): Promise<void>;
  importFiles(files: File[]): Promise<void>;
}

export interface ShotSlice {
  shots: Shot[];
  shot: Shot | null;
  /** The last version of the open shot known to be stored: the revision the next save is edited from. */
  shotBase: Shot | null;
  /** Set when another window saved the shot while this one has unsaved edits: what is stored now. */
  conflict: { theirs: Shot; mergeable: boolean } | null;
  editor: Editor | null;
  selection: LayerId | null;
  canUndo: boolean;
  canRedo: boolean;
  zoom: number;
  save: { state: 'saved' | 'dirty' | 'saving' | 'error' | 'conflict'; at: string | null; message: string | null };
  policy: PolicyCheck | null;
  refreshShots(): Promise<void>;
  openShot(shotId: string): Promise<void>;
  createShot(input: {
    name: string;
    sceneId: string;
    twinId: string;
    poseId: string;
    licenceId: string;
  }): Promise<void>;
  saveNow(): Promise<void>;
  /** A shot was stored (by any window): the list follows, and the open shot catches up or asks. */
  shotSaved(shot: Shot, created: boolean): void;
  /** Reload theirs, keep mine (save it over theirs) or merge both (when they changed different parts). */
  resolveConflict(choice: 'reload' | 'keep' | 'merge'): Promise<void>;
  /** Fetches the open shot as stored (events were missed): taken when unedited, else a conflict to resolve. */
  catchUp(): Promise<void>;
  /** Asks the gate again for the open shot (a licence or its count changed). */
  refreshPolicy(): Promise<void>;
}

export interface RenderSlice {
  info: AppInfo | null;
  jobs: RenderJob[];
  jobsStatus: Availability;
  verify: Record<string, VerifyReport | WireError>;
  renderError: WireError | null;
  settings: SettingsView | null;
  sync: SyncStatus | null;
  syncStatus: Availability;
  refreshServices(): Promise<void>;
  render(variants?: { sceneIds: string[]; poseIds: string[] }): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  retryJob(jobId: string): Promise<void>;
  verifyOutput(outputId: string): Promise<void>;
  setProvider(provider: string): Promise<void>;
  dismissRenderError(): void;
  /** The proof or finished render shown over the canvas, and the shot (as edited) it showed: stale once it differs. */
  onCanvas: CanvasImage | null;
  proofBusy: boolean;
  makeProof(): Promise<void>;
  dismissProof(): void;
  /** Shows a finished job's image over the canvas (opening its shot first when another is open). */
  openJob(jobId: string): Promise<void>;
  /** Jobs this window queued, with the shot as it was rendered: their image shows on the canvas when it arrives. */
  renderKeys: Record<string, string>;
  /** ETAs from the stage times of jobs this window watched (fed by job.updated events). */
  eta: EtaEstimator;
}

/** An image over the Compose canvas: a proof (screen size, proof mark) or a finished render of the open shot. */
export interface CanvasImage {
  kind: 'proof' | 'render';
  shotId: string;
  file: string;
  width: number;
  height: number;
  createdAt: string;
  /** pictureKey of the shot it shows. */
  key: string;
  proof?: Pick<ProofView, 'proofsLeftToday' | 'billed' | 'ms'>;
}

export interface SyncSlice {
  /** What the registry card is doing now (its buttons wait meanwhile). */
  syncBusy: 'enrol' | 'sync' | null;
  /** Why the last enrolment was refused, shown under the form until the next try. */
  enrolError: WireError | null;
  /** True when the workspace enrolled. */
  enrol(registryUrl: string, token: string): Promise<boolean>;
  syncNow(): Promise<void>;
}

/** What the gallery shows: every filter is applied by the core (`outputs.page`). */
export interface GalleryFilter {
  state?: OutputState;
  shotId?: string;
  sceneId?: string;
  poseId?: string;
  /** At least this many stars. */
  minRating?: number;
}

export interface OutputsSlice {
  /** The gallery's outputs loaded so far, newest first (pages appended as the grid scrolls). */
  outputs: OutputView[];
  outputsStatus: Availability;
  outputsFilter: GalleryFilter;
  /** Where the next page starts; null when the last page is loaded. */
  outputsCursor: string | null;
  outputsLoadingMore: boolean;
  /** Loads the first page again (under the current filter). */
  refreshOutputs(): Promise<void>;
  loadMoreOutputs(): Promise<void>;
  setOutputsFilter(filter: GalleryFilter): Promise<void>;
  /** A render finished (an event): it joins the top of the grid when it matches the filter. */
  outputAdded(output: OutputView): void;
}

export interface UiSlice {
  view: 'compose' | 'outputs' | 'review' | 'export' | 'ingest' | 'settings';
  notices: Notice[];
  setView(view: UiSlice['view']): void;
  notify(notice: Omit<Notice, 'id'>): void;
  dismiss(id: number): void;
}

export type ReviewFilter = OutputState | 'all';

/** How the viewer shows the open output: compared with another (side by side or a wipe), the loupe, clean. */
export interface ReviewDisplay {
  compare: 'off' | 'side' | 'wipe';
  /** 0: off; 1 or 2: the loupe magnifies to 100 % or 200 %. */
  loupe: 0 | 1 | 2;
  /** Without the proof mark (the clean view, in the studio only). */
  clean: boolean;
}

/** The review grid's filters beside the state tabs; the core applies them (`outputs.page`). */
export interface ReviewQuery {
  shotId?: string;
  sceneId?: string;
  poseId?: string;
  minRating?: number;
  colour?: ColourLabel;
}

/** Review mode: a grid filtered by state, one output open in the viewer, decisions and notes. */
export interface ReviewSlice {
  reviewFilter: ReviewFilter;
  reviewQuery: ReviewQuery;
  reviewItems: OutputView[];
  /** Where the grid's next page starts; null when all are loaded. */
  reviewCursor: string | null;
  reviewStatus: Availability;
  /** The output open in the viewer; null shows the grid. */
  reviewOpen: string | null;
  /** The comment that goes with the next approve or reject (of the open output, or of the selection). */
  reviewComment: string;
  /** The grid's multi-selection, in the order it was made; `reviewAnchor` is where a shift-click range starts. */
  reviewSelected: string[];
  reviewAnchor: string | null;
  /** The output the open one is compared with (null: the shot's previous render). */
  compareWith: string | null;
  reviewDisplay: ReviewDisplay;
  setReviewDisplay(patch: Partial<ReviewDisplay>): void;
  /** Clean views (proof mark out) made so far: output id → workspace-relative file. */
  cleanFiles: Record<string, string>;
  annotations: Record<string, AnnotationView[]>;
  /** The same shot's previous render per output (null: a first render); absent until asked. */
  previous: Record<string, OutputView | null>;
  setReviewFilter(filter: ReviewFilter): Promise<void>;
  setReviewQuery(query: ReviewQuery): Promise<void>;
  refreshReview(): Promise<void>;
  loadMoreReview(): Promise<void>;
  openReview(outputId: string | null, compareWith?: string | null): void;
  stepReview(delta: 1 | -1): void;
  setReviewComment(comment: string): void;
  selectReview(outputId: string, mode: 'only' | 'toggle' | 'range'): void;
  selectAllReview(): void;
  clearReviewSelection(): void;
  setCompareWith(outputId: string | null): void;
  decide(decision: 'approve' | 'reject'): Promise<void>;
  /** One decision and the comment for every selected output (one call). */
  decideSelected(decision: 'approve' | 'reject'): Promise<void>;
  /** Stars (0 clears) or a colour label (null clears) on the open output, or else on the selection. */
  markReview(marks: { rating?: number; colour?: ColourLabel | null }): Promise<void>;
  loadClean(outputId: string): Promise<void>;
  /** An output changed in another window (event): shown where it is. */
  outputUpdated(output: OutputView): void;
  /** The name decisions are recorded under (Settings). */
  setReviewer(name: string): Promise<void>;
  annotate(annotation: AnnotationWire): Promise<void>;
  removeAnnotation(annotationId: string): Promise<void>;
}

export interface ExportRun {
  state: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  progress: ExportProgressView | null;
  report: ExportReportView | null;
  error: WireError | null;
}

/** Batch export: pick a preset, run it with progress, read the report. */
export interface ExportSlice {
  presets: ExportPresetView[];
  presetsStatus: Availability;
  exportPreset: string | null;
  approvedCount: number | null;
  exportRun: ExportRun;
  refreshExport(): Promise<void>;
  pickPreset(name: string): void;
  runExport(): Promise<void>;
  cancelExport(): Promise<void>;
  exportProgress(progress: ExportProgressView): void;
  /** The recipe being edited: SKU for shots without one, output size and naming (null: the preset's). */
  exportSpec: ExportSpecDraft;
  recipes: ExportRecipeView[];
  /** The saved recipe the spec came from, while unchanged. */
  recipeName: string | null;
  /** What the spec would write, and what it would upscale; refreshed as the spec changes. */
  exportPlan: { plan: ExportPlanView | null; error: WireError | null };
  /** Desktop: the folder picked in the dialog (null: the workspace's exports folder). Browser mode: a zip download. */
  exportFolder: string | null;
  setExportSpec(patch: Partial<ExportSpecDraft>): void;
  useRecipe(name: string): void;
  saveRecipe(name: string): Promise<void>;
  removeRecipe(name: string): Promise<void>;
  planExport(): Promise<void>;
  chooseExportFolder(): Promise<void>;
  revealExport(): Promise<void>;
}

export interface ExportSpecDraft {
  sku: string;
  width: number | null;
  height: number | null;
  naming: string | null;
}

export type StudioState = LibrarySlice &
  ShotSlice &
  RenderSlice &
  OutputsSlice &
  SyncSlice &
  UiSlice &
  ReviewSlice &
  ExportSlice;
export type Slice<T> = (
  set: StoreApi<StudioState>['setState'],
  get: StoreApi<StudioState>['getState'],
  client: StudioClient,
) => T;
