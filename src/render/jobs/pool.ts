import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { clockOffsetMs, type Clock } from '../../clock/index.ts';
import { StudioError } from '../../errors/index.ts';
import { DisposableStore, listen, listenTo } from '../../lifecycle/index.ts';
import type { Shot } from '../../shots/index.ts';
import type { ProviderName } from '../models.ts';
import type { RenderModelId, RenderResult, StageEvent } from '../pipeline/index.ts';
import { createNativeGate, retireWorker } from './nativeGate.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.ts';

export interface PoolTask {
  workspaceDir: string;
  shot: Shot;
  providers?: ProviderName[];
  model?: RenderModelId;
  /** Render at half size and enlarge 2× with the learned upscale model. */
  upscale?: boolean;
}

export interface PoolRunOptions {
  signal?: AbortSignal;
  onStage?: (event: StageEvent) => void;
}

export interface RenderPool {
  readonly size: number;
  run(task: PoolTask, options?: PoolRunOptions): Promise<RenderResult>;
  terminate(): Promise<void>;
}

export interface RenderPoolOptions {
  modelsDir: string;
  providers?: ProviderName[];
  size?: number;
  /** How long a cancelled job may take to reach its next stage boundary before its worker is terminated. */
  cancelGraceMs?: number;
  workerUrl?: URL;
  /** The process's clock; workers keep its time. */
  now: Clock;
}

/** One worker per spare core (at least one, at most four): the main thread stays free for the UI and I/O. */
export function defaultPoolSize(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, 4));
}

interface Slot {
  worker: Worker;
  gate: SharedArrayBuffer;
  exited: boolean;
  /** Set while the slot runs a job: ends that job as the pool shuts down. */
  abandon?: () => void;
}

interface Pending {
  task: PoolTask;
  options: PoolRunOptions;
  resolve: (r: RenderResult) => void;
  reject: (e: unknown) => void;
}

const poolClosed = (): StudioError => new StudioError('RENDER_POOL_CLOSED', 'The render pool was shut down', {});

export function createRenderPool(options: RenderPoolOptions): RenderPool {
  const size = options.size ?? defaultPoolSize();
  const grace = options.cancelGraceMs ?? 2000;
  const config: Omit<WorkerConfig, 'nativeGate'> = {
    modelsDir: options.modelsDir,
    ...(options.providers ? { providers: options.providers } : {}),
    intraOpThreads: Math.max(1, Math.floor(os.availableParallelism() / size)),
    clockOffsetMs: clockOffsetMs(options.now),
  };
  const url = options.workerUrl ?? new URL('./worker.ts', import.meta.url);
  const slots: Slot[] = [];
  const waiting: Pending[] = [];
  let nextId = 1;
  let closed = false;
  /** Workers on their way out: each is terminated once it is outside onnxruntime (nativeGate.ts). */
  const stopping = new Set<Promise<void>>();

  const spawn = (): Slot => {
    const gate = createNativeGate();
    const worker = new Worker(url, { workerData: { ...config, nativeGate: gate } satisfies WorkerConfig });
    const slot: Slot = { worker, gate, exited: false };
    worker.once('exit', () => (slot.exited = true));
    return slot;
  };
  for (let i = 0; i < size; i++) slots.push(spawn());

  /**
   * Stops a worker without waiting on it: a cancelled run it is inside goes on (its result is dropped) until
   * onnxruntime returns, then the worker is terminated before it starts another call.
   */
  function stop(slot: Slot): void {
    // Its job, if any, has ended: whatever the worker still says or throws has no one to hear it.
    slot.worker.on('error', () => {});
    const stopped = retireWorker(slot.gate, () => slot.exited)
      .then(() => slot.worker.terminate())
      .then(() => void stopping.delete(stopped));
    stopping.add(stopped);
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (slot.abandon) continue;
      const job = waiting.shift();
      if (!job) return;
      start(slot, job);
    }
  }

  function start(slot: Slot, job: Pending): void {
    if (job.options.signal?.aborted) {
      job.reject(new StudioError('RENDER_CANCELLED', 'The render was cancelled before it started', {}));
      return dispatch();
    }
    const id = nextId++;
    const { worker } = slot;
    // The job's listeners on the worker and its signal, and the kill timer: the first outcome ends them all.
    const owned = new DisposableStore();
    const finish = (fn: () => void): void => {
      if (owned.isDisposed) return;
      owned.dispose();
      slot.abandon = undefined;
      fn();
      dispatch();
    };
    const replace = (): void => {
      const index = slots.indexOf(slot);
      stop(slot);
      if (index >= 0 && !closed) slots[index] = spawn();
    };
    slot.abandon = () => {
      worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
      finish(() => job.reject(poolClosed()));
    };
    const onMessage = (m: FromWorker): void => {
      if (m.type === 'ready' || m.id !== id) return;
      // After a cancel, stages the worker reached before it heard of it are stale: report none of them.
      if (m.type === 'stage') {
        if (!job.options.signal?.aborted) job.options.onStage?.(m.event);
      }
      // A result that crossed a cancel in flight is dropped: a cancelled job never produces an output.
      else if (m.type === 'done' && job.options.signal?.aborted)
        finish(() =>
          job.reject(
            new StudioError(
              'RENDER_CANCELLED',
              'The render was cancelled as it finished; its result was discarded',
              {},
            ),
          ),
        );
      else if (m.type === 'done')
        finish(() =>
          job.resolve({
            ...m.result,
            rgba: new Uint8Array(m.result.rgba.buffer, m.result.rgba.byteOffset, m.result.rgba.byteLength),
          }),
        );
      else finish(() => job.reject(new StudioError(m.error.code, m.error.message, m.error.details)));
    };
    const onError = (error: Error): void => {
      replace();
      finish(() =>
        job.reject(
          new StudioError('RENDER_WORKER_CRASHED', `A render worker crashed: ${error.message}`, {}, { cause: error }),
        ),
      );
    };
    const onExit = (code: number): void => {
      replace();
      finish(() =>
        job.reject(
          new StudioError('RENDER_WORKER_CRASHED', `A render worker exited with code ${code}`, { exitCode: code }),
        ),
      );
    };
    const onAbort = (): void => {
      worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
      // A stage that does not end in time (a long inference) is cut short by ending the worker itself.
      owned.setTimeout(() => {
        replace();
        finish(() =>
          job.reject(
            new StudioError('RENDER_CANCELLED', 'The render was cancelled; its worker was stopped mid-stage', {
              terminated: true,
            }),
          ),
        );
      }, grace);
    };
    owned.add(listen(worker, 'message', onMessage));
    owned.add(listen(worker, 'error', onError));
    owned.add(listen(worker, 'exit', onExit));
    if (job.options.signal) owned.add(listenTo(job.options.signal, 'abort', onAbort, { once: true }));
    worker.postMessage({
      type: 'render',
      id,
      workspaceDir: job.task.workspaceDir,
      shot: job.task.shot,
      ...(job.task.providers ? { providers: job.task.providers } : {}),
      ...(job.task.model ? { model: job.task.model } : {}),
      ...(job.task.upscale ? { upscale: true } : {}),
    } satisfies ToWorker);
  }

  return {
    size,
    run(task, runOptions = {}) {
      if (closed) return Promise.reject(poolClosed());
      return new Promise<RenderResult>((resolve, reject) => {
        waiting.push({ task, options: runOptions, resolve, reject });
        dispatch();
      });
    },
    async terminate() {
      closed = true;
      for (const w of waiting.splice(0)) w.reject(poolClosed());
      for (const slot of slots.splice(0)) {
        slot.abandon?.();
        stop(slot);
      }
      await Promise.all(stopping);
    },
  };
}
