import type { ErrorCode } from '../errors/codes.ts';
import type { ColourLabel, ExportProgressView, OutputState } from './review.wire.ts';
import type { SettingsView } from './methods.ts';
import type { Shot } from './shot.wire.ts';

/*
 * Render queue, outputs and sync as the UI sees them. The services behind them are built elsewhere and
 * handed to createStudioHandlers; these shapes are what they must return.
 */

export const RENDER_STAGES = ['load', 'fit', 'warp', 'composite', 'harmonize', 'shadow', 'label', 'encode'] as const;
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'refused';

export interface StageProgress {
  stage: string;
  /** 0..1 within the stage. */
  progress: number;
  state: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
}

export interface RenderJob {
  jobId: string;
  shotId: string;
  /** What the variant changes from the shot, when it is one (another scene or pose). */
  variant: { sceneId?: string; poseId?: string } | null;
  state: JobState;
  stages: StageProgress[];
  /** The execution provider that ran (or runs) the job, e.g. "cuda" or "cpu". */
  provider: string | null;
  /** Set when the chosen provider failed to start and the job fell back to another: why, in words. */
  fallback: { from: string; to: string; reason: string } | null;
  /** Set when the provider that ran it ran out of device memory and rendered in tiles: their side (px), and what happened in words. */
  tiled: { provider: string; tile: number; note: string } | null;
  createdAt: string;
  finishedAt: string | null;
  outputId: string | null;
  error: { code: ErrorCode; message: string; advice?: string } | null;
}

/** A proof: the shot at screen size through the real pipeline, with the proof mark; recorded as kind `proof`. */
export interface ProofView {
  /** Its usage record's id (kind `proof`). */
  proofId: string;
  shotId: string;
  /** The shot revision it shows: the canvas marks it stale once the shot has moved on. */
  revision: number;
  /** Workspace-relative, as OutputView.file (outputs/.proofs/<shotId>/<proofId>.png). */
  file: string;
  width: number;
  height: number;
  /** The full shot's output size the proof stands for (the canvas lays it over the whole frame). */
  frame: { width: number; height: number };
  createdAt: string;
  /** Proofs left today under the licence's proof terms, and whether they are billed. */
  proofsLeftToday: number;
  billed: boolean;
  /** Server-side time from the request to the committed file, ms. */
  ms: number;
}

export interface OutputView {
  outputId: string;
  shotId: string;
  jobId: string | null;
  file: string;
  thumbnail: string | null;
  width: number;
  height: number;
  createdAt: string;
  label: string;
  twinId: string;
  licenceId: string;
  usageId: string;
  /** The shot's scene and the twin's pose (null for outputs rendered before poses were recorded). */
  sceneId?: string;
  poseId?: string | null;
  /** Review state: generated until someone approves or rejects it (who, when, why below). */
  state: OutputState;
  stateBy: string | null;
  stateAt: string | null;
  stateComment: string | null;
  /** The reviewer's stars (0: none, 1–5) and colour label; working marks, not in the ledger. */
  rating?: number;
  colour?: ColourLabel | null;
}

/** One page of the gallery, newest first; pass `nextCursor` back for the page after it (null: the last page). */
export interface OutputPageView {
  items: OutputView[];
  nextCursor: string | null;
}

/** What `twin-studio verify FILE` says, check by check. */
export interface VerifyReport {
  outputId: string;
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
  facts: Record<string, unknown>;
}

export interface ProviderInfo {
  id: string;
  label: string;
  available: boolean;
  reason: string | null;
}

export interface SyncStatus {
  enrolled: boolean;
  registryUrl: string | null;
  /** The organisation the enrolment token named. */
  orgId: string | null;
  workstationId: string | null;
  lastCheckInAt: string | null;
  pendingRecords: number;
  state: 'idle' | 'syncing' | 'error' | 'offline';
  message: string | null;
  /** The last round's failure in plain words, with what to do (`advice`); null after a good round. */
  lastError: { code: string; message: string; advice: string } | null;
}

export type StudioEvent =
  | { type: 'job.updated'; job: RenderJob }
  | { type: 'job.removed'; jobId: string }
  | { type: 'output.added'; output: OutputView }
  /** An output's review state or marks changed (a decision, stars, a colour label): every window shows it. */
  | { type: 'output.updated'; output: OutputView }
  | { type: 'sync.status'; status: SyncStatus }
  | { type: 'export.progress'; progress: ExportProgressView }
  | { type: 'library.changed'; what: 'twins' | 'licences' | 'garments' | 'scenes' | 'shots' }
  /** A shot was stored (saved, or `created`), at the revision it carries: other windows showing it catch up. */
  | { type: 'shot.saved'; shot: Shot; created: boolean }
  /** A licence's images used changed (a render, proof or export was recorded): its counts and the gate's answer move. */
  | { type: 'usage.changed'; twinId: string; licenceId: string }
  /** A setting changed (the execution provider, the reviewer's name): every window shows and uses the new one. */
  | { type: 'settings.changed'; settings: SettingsView }
  /** Raised by a window's transport (never the core): its event stream was cut and is back, so it fetches what it missed. */
  | { type: 'events.resumed' }
  /** Electron's menu asks the renderer to run one of its own commands (undo, render, …). */
  | { type: 'menu'; command: string };
