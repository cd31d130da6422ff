import type { Clock } from '../../clock/index.ts';
import { StudioError, toStudioError } from '../../errors/index.ts';
import { uuidv7 } from '../../ids/uuidv7.ts';
import type { Db } from '../../storage/index.ts';
import type { ProviderAttempt } from '../models.ts';
import { createEmitter, type Emitter } from './emitter.ts';
import { createJobStore, type RenderJob } from './store.ts';

export interface JobProgress {
  stage?: string;
  progress?: number;
  provider?: string;
  attempts?: ProviderAttempt[];
}

export interface JobContext {
  /** Aborted when the job is cancelled; the runner checks it between stages. */
  signal: AbortSignal;
  report(progress: JobProgress): void;
}

export interface JobOutcome {
  outputPath: string;
  provider: string;
  attempts: ProviderAttempt[];
}

export type RunJob = (job: RenderJob, ctx: JobContext) => Promise<JobOutcome>;

export interface QueueEvents extends Record<string, unknown> {
  /** Any change of state (queued, running, done, failed, cancelled). */
  job: RenderJob;
  stage: { jobId: string; stage: string; progress: number };
  /** Which provider ran, and why the ones before it did not. */
  provider: { jobId: string; provider: string; fallbacks: { provider: string; reason: string }[] };
}

export interface RenderQueueOptions {
  db: Db;
  runJob: RunJob;
  concurrency?: number;
  log?: (line: string) => void;
  now: Clock;
}

export interface RenderQueue {
  events: Emitter<QueueEvents>;
  enqueue(shot: { shotId: string }): RenderJob;
  cancel(jobId: string): RenderJob;
  retry(jobId: string): RenderJob;
  get(jobId: string): RenderJob | undefined;
  list(): RenderJob[];
  /** Puts jobs a crash left running back in the queue, then starts working. */
  start(): void;
  /** Resolves once nothing is queued or running. */
  idle(): Promise<void>;
  /**
   * Stops taking jobs, cancels the running ones and waits for them to settle. With `requeue` (an app
   * quitting) the interrupted jobs go back to the queue, so the next start() resumes them.
   */
  stop(options?: { requeue?: boolean }): Promise<void>;
}

export function createRenderQueue(options: RenderQueueOptions): RenderQueue {
  const { db, runJob } = options;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const log = options.log ?? (() => {});
  const { now } = options;
  const store = createJobStore(db, now);
  const events = createEmitter<QueueEvents>();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let started = false;
  let stopping = false;
  let requeueOnStop = false;
  let idleWaiters: (() => void)[] = [];

  const must = (jobId: string): RenderJob => {
    const job = store.get(jobId);
    if (!job) throw new StudioError('JOB_NOT_FOUND', `No render job ${jobId} in the queue`, { jobId });
    return job;
  };
  const changed = (job: RenderJob): RenderJob => {
    events.emit('job', job);
    return job;
  };

  function settleIdle(): void {
    if (running.size > 0) return;
    if (!stopping && store.list().some((j) => j.state === 'queued')) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  async function execute(job: RenderJob, controller: AbortController): Promise<void> {
    changed(job);
    log(`render job ${job.jobId} (shot ${job.shotId}) started`);
    try {
      const outcome = await runJob(job, {
        signal: controller.signal,
        report(p) {
          if (p.stage !== undefined || p.progress !== undefined) {
            const row = store.patch(job.jobId, {
              ...(p.stage !== undefined ? { stage: p.stage } : {}),
              ...(p.progress !== undefined ? { progress: p.progress } : {}),
            });
            events.emit('stage', { jobId: job.jobId, stage: row.stage ?? '', progress: row.progress });
          }
          if (p.provider !== undefined) {
            store.patch(job.jobId, { provider: p.provider, attempts: p.attempts ?? [] });
            const fallbacks = (p.attempts ?? [])
              .filter((a) => !a.ok)
              .map((a) => ({ provider: a.provider, reason: a.reason ?? 'unknown' }));
            events.emit('provider', { jobId: job.jobId, provider: p.provider, fallbacks });
          }
        },
      });
      if (controller.signal.aborted) throw new StudioError('RENDER_CANCELLED', 'The render was cancelled', {});
      changed(
        store.patch(job.jobId, {
          state: 'done',
          progress: 1,
          outputPath: outcome.outputPath,
          provider: outcome.provider,
          attempts: outcome.attempts,
          error: null,
          finishedAt: now().toISOString(),
        }),
      );
      log(`render job ${job.jobId} done: ${outcome.outputPath}`);
    } catch (thrown) {
      if (stopping && requeueOnStop) {
        changed(
          store.patch(job.jobId, {
            state: 'queued',
            stage: null,
            progress: 0,
            error: null,
            startedAt: null,
            finishedAt: null,
          }),
        );
        log(`render job ${job.jobId} interrupted by shutdown; it resumes on the next start`);
        return;
      }
      const error = toStudioError(thrown);
      const cancelled = controller.signal.aborted;
      const state = cancelled ? 'cancelled' : 'failed';
      const reported = cancelled
        ? {
            code: 'RENDER_CANCELLED' as const,
            message: 'The render was cancelled',
            details: { stage: store.get(job.jobId)?.stage ?? null },
          }
        : error.toJSON();
      changed(store.patch(job.jobId, { state, error: reported, finishedAt: now().toISOString() }));
      log(`render job ${job.jobId} ${state}: ${reported.code} ${reported.message}`);
    }
  }

  function pump(): void {
    if (!started || stopping) return settleIdle();
    while (running.size < concurrency) {
      const job = store.claimNext();
      if (!job) break;
      const controller = new AbortController();
      const entry = { controller, done: Promise.resolve() };
      running.set(job.jobId, entry);
      entry.done = execute(job, controller).finally(() => {
        running.delete(job.jobId);
        pump();
      });
    }
    settleIdle();
  }

  return {
    events,
    enqueue(shot) {
      const job = changed(store.insert(uuidv7(now().getTime()), shot.shotId, shot));
      queueMicrotask(pump);
      return job;
    },
    cancel(jobId) {
      const job = must(jobId);
      if (job.state === 'queued')
        return changed(
          store.patch(jobId, {
            state: 'cancelled',
            error: { code: 'RENDER_CANCELLED', message: 'Cancelled before it started' },
            finishedAt: now().toISOString(),
          }),
        );
      const live = running.get(jobId);
      if (job.state === 'running' && live) {
        live.controller.abort(new StudioError('RENDER_CANCELLED', 'Cancelled by the user'));
        return job;
      }
      throw new StudioError(
        'JOB_NOT_CANCELLABLE',
        `Render job ${jobId} is ${job.state}; only queued or running jobs can be cancelled`,
        { jobId, state: job.state },
      );
    },
    retry(jobId) {
      const job = must(jobId);
      if (job.state !== 'failed' && job.state !== 'cancelled') {
        throw new StudioError(
          'JOB_NOT_RETRYABLE',
          `Render job ${jobId} is ${job.state}; only failed or cancelled jobs can be retried`,
          { jobId, state: job.state },
        );
      }
      const again = changed(
        store.patch(jobId, {
          state: 'queued',
          stage: null,
          progress: 0,
          error: null,
          finishedAt: null,
          startedAt: null,
        }),
      );
      queueMicrotask(pump);
      return again;
    },
    get: (jobId) => store.get(jobId),
    list: () => store.list(),
    start() {
      if (started) return;
      const resumed = store.requeueInterrupted();
      if (resumed > 0) log(`resumed ${resumed} render job(s) interrupted by a crash`);
      started = true;
      pump();
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async stop(stopOptions = {}) {
      stopping = true;
      requeueOnStop = stopOptions.requeue === true;
      for (const { controller } of running.values())
        controller.abort(new StudioError('RENDER_CANCELLED', 'The queue is stopping'));
      await Promise.all([...running.values()].map((r) => r.done));
      settleIdle();
    },
  };
}
