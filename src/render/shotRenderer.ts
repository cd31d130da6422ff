import { StudioError } from '../errors/index.ts';
import type { PolicyAllowed } from '../policy/index.ts';
import { migrateShot, type Shot } from '../shots/index.ts';
import { evaluateShotPolicy, type UsageCounter, type Workspace } from '../workspace/index.ts';
import type { RenderPool } from './jobs/pool.ts';
import type { RunJob } from './jobs/queue.ts';
import type { ProviderAttempt, ProviderName } from './models.ts';
import type { RenderModelId, RenderResult, StageEvent } from './pipeline/index.ts';

/** What the output step knows before the pixels exist: the shot and the gate's decision for it. */
export interface OutputContext {
  ws: Workspace;
  shot: Shot;
  decision: PolicyAllowed;
  /** Where the caller asked for the file (CLI --out); the step picks a place in outputs/ otherwise. */
  target?: string;
  jobId?: string;
}

/**
 * The last step of a render, injected by the composition root: in the product it stamps the image (label,
 * watermark, XMP, C2PA) and commits it with its usage record. The shot renderer never writes pixels itself.
 * It begins once the gate has allowed the shot, before the render: the product reserves the output's usage id
 * there (the watermark carries it) and lays out the label while the pixels render.
 */
export interface OutputStep {
  begin(ctx: OutputContext): PendingOutput;
}

export interface PendingOutput {
  /** Stamps and writes the rendered pixels; the result names the models (id + manifest sha256) that made them. */
  write(result: RenderResult): Promise<{ file: string; outputId?: string }>;
  /** The render failed or was cancelled before write: give back what begin took (the product's usage id). */
  abandon?(): void;
}

export interface RenderRequestOptions {
  signal?: AbortSignal;
  onStage?: (event: StageEvent) => void;
  onProvider?: (provider: ProviderName, attempts: ProviderAttempt[]) => void;
  providers?: ProviderName[];
  model?: RenderModelId;
  /** Render at half size and enlarge 2× with the learned upscale model (cost and quality: docs/benchmarks.md). */
  upscale?: boolean;
  target?: string;
  jobId?: string;
}

export interface RenderOutcome {
  file: string;
  result: RenderResult;
  decision: PolicyAllowed;
}

/** The render core's service: a shot through the gate, the render pool and the output step to a file. */
export interface ShotRenderer {
  /** Gate, render (in the pool), output. A refused shot computes no pixel and writes nothing. */
  render(shot: Shot, options?: RenderRequestOptions): Promise<RenderOutcome>;
  /** The same as a queue runner: the job's shot snapshot, its progress reported per stage. */
  runJob: RunJob;
}

export interface ShotRendererDeps {
  ws: Workspace;
  pool: RenderPool;
  usageCounter: UsageCounter;
  output: OutputStep;
  providers?: ProviderName[];
}

export function createShotRenderer(deps: ShotRendererDeps): ShotRenderer {
  const { output } = deps;

  async function render(shot: Shot, options: RenderRequestOptions = {}): Promise<RenderOutcome> {
    const decision = await evaluateShotPolicy(deps.ws, shot, deps.usageCounter);
    if (!decision.allowed)
      throw new StudioError(decision.code, `${decision.message} (rule: ${decision.rule})`, {
        ...decision.facts,
        rule: decision.rule,
        shotId: shot.shotId,
      });
    if (options.signal?.aborted)
      throw new StudioError('RENDER_CANCELLED', 'The render was cancelled before it started', {});
    const providers = options.providers ?? deps.providers;
    const pending = output.begin({
      ws: deps.ws,
      shot,
      decision,
      ...(options.target ? { target: options.target } : {}),
      ...(options.jobId ? { jobId: options.jobId } : {}),
    });
    let result: RenderResult;
    try {
      result = await deps.pool.run(
        {
          workspaceDir: deps.ws.dir,
          shot,
          ...(providers ? { providers } : {}),
          ...(options.model ? { model: options.model } : {}),
          ...(options.upscale ? { upscale: true } : {}),
        },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onStage ? { onStage: options.onStage } : {}),
        },
      );
      options.onProvider?.(result.provider, result.attempts);
      if (options.signal?.aborted) {
        throw new StudioError('RENDER_CANCELLED', 'The render was cancelled before its output was written', {});
      }
    } catch (error) {
      pending.abandon?.();
      throw error;
    }
    const { file } = await pending.write(result);
    return { file, result, decision };
  }

  return {
    render,
    async runJob(job, ctx) {
      const shot = migrateShot(job.shot);
      const outcome = await render(shot, {
        signal: ctx.signal,
        jobId: job.jobId,
        onStage: (e) =>
          ctx.report({ stage: e.stage, progress: e.ms === undefined ? e.index / e.total : (e.index + 1) / e.total }),
        onProvider: (provider, attempts) => ctx.report({ provider, attempts }),
      });
      return { outputPath: outcome.file, provider: outcome.result.provider, attempts: outcome.result.attempts };
    },
  };
}
