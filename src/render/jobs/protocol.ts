import type { ErrorCode } from '../../errors/index.ts';
import type { ProviderName } from '../models.ts';
import type { RenderModelId, RenderResult, StageEvent } from '../pipeline/index.ts';

/** What the pool sends a render worker. */
export type ToWorker =
  | {
      type: 'render';
      id: number;
      workspaceDir: string;
      shot: unknown;
      providers?: ProviderName[];
      model?: RenderModelId;
      upscale?: boolean;
    }
  | { type: 'cancel'; id: number };

/** What a render worker answers. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'stage'; id: number; event: StageEvent }
  | { type: 'done'; id: number; result: RenderResult }
  | { type: 'error'; id: number; error: { code: ErrorCode; message: string; details: Record<string, unknown> } };

export interface WorkerConfig {
  modelsDir: string;
  providers?: ProviderName[];
  /** ONNX Runtime threads per session, so the pool's workers do not fight over the cores. */
  intraOpThreads: number;
  /** How far the parent's clock stands from the wall clock: the worker keeps the same time (src/clock). */
  clockOffsetMs: number;
  /** Counts the worker's onnxruntime calls in flight, so the pool never terminates it inside one (nativeGate.ts). */
  nativeGate: SharedArrayBuffer;
}
