import type { StoreApi } from 'zustand';
import type {
  AnnotationView,
  AnnotationWire,
  ExportPresetView,
  ExportProgressView,
  ExportReportView,
  OutputState,
} from '../../../src/contract/index.ts';
import type {
  AppInfo,
  GarmentView,
  OutputView,
  PolicyCheck,
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

/** Review mode: a grid filtered by state, one output open in the viewer, decisions and notes. */
export interface ReviewSlice {
  reviewFilter: ReviewFilter;
  reviewItems: OutputView[];
  reviewStatus: Availability;
  /** The output open in the viewer; null shows the grid. */
  reviewOpen: string | null;
  /** The comment that goes with the next approve or reject. */
  reviewComment: string;
  annotations: Record<string, AnnotationView[]>;
  /** The same shot's previous render per output (null: a first render); absent until asked. */
  previous: Record<string, OutputView | null>;
  setReviewFilter(filter: ReviewFilter): Promise<void>;
  refreshReview(): Promise<void>;
  openReview(outputId: string | null): void;
  stepReview(delta: 1 | -1): void;
  setReviewComment(comment: string): void;
  decide(decision: 'approve' | 'reject'): Promise<void>;
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
