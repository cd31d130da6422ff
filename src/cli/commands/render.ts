import { existsSync, globSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError, toStudioError, type ErrorCode } from '../../errors/index.ts';
import { createRenderPool, defaultPoolSize, type RenderPool, type RenderPoolOptions } from '../../render/jobs/index.ts';
import { defaultProviders, type ProviderAttempt, type ProviderName } from '../../render/models.ts';
import { createShotRenderer, type OutputStep, type ShotRenderer } from '../../render/shotRenderer.ts';
import type { Shot } from '../../shots/index.ts';
import type { Studio } from '../../app/index.ts';
import { readShotFile } from '../../workspace/index.ts';
import { JSON_OPTION, stringFlag, WORKSPACE_OPTION, type Command, type CommandContext } from '../command.ts';
import { progressLine } from '../progress.ts';
import { flagError, usageError } from '../run.ts';
import { withStudio } from '../workspaceArg.ts';

const PROVIDERS: readonly ProviderName[] = ['cpu', 'cuda', 'dml', 'coreml', 'webgpu'];

export interface RenderCommandDeps {
  modelsDir: string;
  /** The output step: stamping and the usage record (src/app/renderOutput.ts). */
  output: (studio: Studio) => Promise<OutputStep>;
  createPool?: (options: RenderPoolOptions) => RenderPool;
}

/** The user's provider first, then the rest of the default order, so a failure falls back visibly, never silently. */
export function providerOrder(choice: string | undefined): ProviderName[] {
  if (choice === undefined) return defaultProviders();
  if (!PROVIDERS.includes(choice as ProviderName))
    throw flagError('--provider', `one of ${PROVIDERS.join(', ')}`, choice);
  const rest = defaultProviders().filter((p) => p !== choice);
  return [choice as ProviderName, ...rest];
}

export interface ProviderNoteOptions {
  /** --verbose: every provider that did not run, with its reason. */
  verbose?: boolean;
  /** The provider named by --provider: said when it did not run, even when it is not installed. */
  asked?: ProviderName | undefined;
}

const quietSkip = (a: ProviderAttempt, options: ProviderNoteOptions) =>
  !a.ok && a.notInstalled === true && !options.verbose && a.provider !== options.asked;

/**
 * Every provider that did not run the job, and a provider that ran it in tiles (out of device memory): never
 * silent. A provider not installed here is left to one quiet line (providerNote) unless asked for or --verbose.
 */
export function fallbackLines(
  attempts: readonly ProviderAttempt[],
  used: string,
  options: ProviderNoteOptions = {},
): string[] {
  return attempts.flatMap((a) => {
    if (quietSkip(a, options)) return [];
    if (!a.ok && a.notInstalled)
      return [`provider ${a.provider} not tried (${a.reason ?? 'not installed'}); rendered on ${used}`];
    if (!a.ok) return [`provider ${a.provider} did not run (${a.reason ?? 'unknown'}); fell back, rendered on ${used}`];
    return a.tile === undefined ? [] : [`provider ${a.provider}: ${a.note ?? `rendered in ${a.tile}-px tiles`}`];
  });
}

/** The one line a CPU-only machine gets: which GPU providers are not installed, and where to read why. */
export function providerNote(
  attempts: readonly ProviderAttempt[],
  used: string,
  options: ProviderNoteOptions = {},
): string | undefined {
  const skipped = attempts.filter((a) => quietSkip(a, options)).map((a) => a.provider);
  if (used !== 'cpu' || skipped.length === 0) return undefined;
  return `rendered on the CPU: no GPU provider is installed here (${skipped.join(', ')}); 'twin-studio doctor' says what to install`;
}

/** fallbackLines and providerNote, each line once per command run (a batch says them once, not per shot). */
function providerReporter(
  ctx: CommandContext,
  asked: ProviderName | undefined,
): (attempts: readonly ProviderAttempt[], used: string) => void {
  const said = new Set<string>();
  const options = { verbose: ctx.flags.verbose === true, asked };
  return (attempts, used) => {
    const note = providerNote(attempts, used, options);
    for (const line of [...fallbackLines(attempts, used, options), ...(note ? [note] : [])]) {
      if (!said.has(line)) (said.add(line), ctx.io.err(line));
    }
  };
}

/** Shot files named by a folder (its *.json) or a glob, sorted. */
export function batchFiles(pattern: string): string[] {
  if (existsSync(pattern) && statSync(pattern).isDirectory()) {
    return readdirSync(pattern)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => path.join(pattern, f));
  }
  return globSync(pattern)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

type ProviderReport = ReturnType<typeof providerReporter>;

async function renderOne(
  ctx: CommandContext,
  service: ShotRenderer,
  shot: Shot,
  target: string,
  providers: ProviderName[],
  upscale: boolean,
  said: ProviderReport,
): Promise<number> {
  const t0 = performance.now();
  const { file, result } = await service.render(shot, { target, providers, upscale });
  const ms = Math.round(performance.now() - t0);
  said(result.attempts, result.provider);
  if (ctx.flags.json) {
    ctx.io.out(
      JSON.stringify({
        shotId: shot.shotId,
        file,
        provider: result.provider,
        attempts: result.attempts,
        tile: result.tile,
        width: result.width,
        height: result.height,
        ms,
        timings: result.timings,
      }),
    );
  } else {
    ctx.io.out(
      `rendered ${shot.shotId} → ${file} (${result.width}×${result.height}, ${ms} ms on ${result.provider}${result.tile === null ? '' : ` in ${result.tile}-px tiles`})`,
    );
  }
  return 0;
}

/** Shots in flight at once in a batch: one per pool worker, and one more being stamped and written meanwhile. */
export function batchConcurrency(poolSize: number): number {
  return Math.max(1, poolSize) + 1;
}

/** Runs `fn` over `items` in order with at most `limit` running at once; `fn` handles its own failures. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
}

export interface BatchJob {
  service: Pick<ShotRenderer, 'render'>;
  pattern: string;
  outDir: string;
  providers: ProviderName[];
  upscale: boolean;
  /** Shots in flight at once (batchConcurrency of the pool's size): memory stays flat however long the batch. */
  concurrency: number;
  workspaceDir: string;
  said: ProviderReport;
}

/**
 * `render --batch`: streams the shots through the renderer, at most `concurrency` at once (each holds its
 * decoded images and rendered pixels until written), with a progress line and ETA per shot; keeps going past
 * a failure and summarises the failures at the end.
 */
export async function renderBatch(ctx: CommandContext, job: BatchJob): Promise<number> {
  const files = batchFiles(job.pattern);
  if (files.length === 0)
    throw new StudioError('BATCH_EMPTY', `Expected shot files (*.json) in ${job.pattern}, found none`, {
      pattern: job.pattern,
    });
  const started = performance.now();
  const failures: { file: string; code: ErrorCode; message: string }[] = [];
  const done: { file: string; output: string; provider: string; tile: number | null }[] = [];
  let finished = 0;
  ctx.io.err(progressLine(0, files.length, 0));
  await forEachBounded(files, job.concurrency, async (file) => {
    let note: string;
    try {
      const shot = readShotFile(file);
      const target = path.join(job.outDir, `${shot.shotId}.png`);
      const { file: output, result } = await job.service.render(shot, {
        target,
        providers: job.providers,
        upscale: job.upscale,
      });
      job.said(result.attempts, result.provider);
      done.push({ file, output, provider: result.provider, tile: result.tile });
      note = `${shot.shotId} ok`;
    } catch (thrown) {
      const e = toStudioError(thrown);
      failures.push({ file, code: e.code, message: e.message });
      note = `${path.basename(file)} FAILED ${e.code}`;
    }
    finished++;
    ctx.io.err(progressLine(finished, files.length, performance.now() - started, note));
  });
  const summary = {
    total: files.length,
    rendered: done.length,
    failed: failures.length,
    failures,
    outputs: done,
    ms: Math.round(performance.now() - started),
  };
  if (ctx.flags.json) ctx.io.out(JSON.stringify(summary));
  else {
    ctx.io.out(
      `rendered ${done.length} of ${files.length} shots into ${job.outDir} in ${(summary.ms / 1000).toFixed(1)} s (workspace ${job.workspaceDir})`,
    );
    for (const f of failures) ctx.io.out(`  failed: ${f.file}: ${f.code} ${f.message}`);
  }
  return failures.length === 0 ? 0 : 1;
}

export function createRenderCommand(deps: RenderCommandDeps): Command {
  const makePool = deps.createPool ?? createRenderPool;
  return {
    words: ['render'],
    summary: 'render a shot (or a batch of shots) to an image with local ONNX inference',
    usage:
      'render SHOT.json|SHOT_ID --out FILE | --batch DIR_OR_GLOB --out DIR [--provider cpu|cuda|dml|coreml|webgpu] [--upscale] [--workspace DIR] [--json] [--verbose]',
    options: {
      ...JSON_OPTION,
      ...WORKSPACE_OPTION,
      out: { type: 'string' },
      provider: { type: 'string' },
      batch: { type: 'string' },
      upscale: { type: 'boolean' },
    },
    async run(ctx) {
      const out = stringFlag(ctx, 'out');
      const batch = stringFlag(ctx, 'batch');
      const [shotArg] = ctx.args;
      if (!out) throw usageError('--out is required');
      if (batch === undefined && !shotArg) throw usageError('a shot file or shot id is required (or --batch)');
      if (batch !== undefined && shotArg) throw usageError('give either a shot or --batch, not both');
      const asked = stringFlag(ctx, 'provider');
      const providers = providerOrder(asked);
      const upscale = ctx.flags.upscale === true;
      const nearPath = batch ?? (shotArg && existsSync(shotArg) ? shotArg : undefined);
      return withStudio(ctx, { nearPath }, async (studio) => {
        const { ws } = studio;
        const output = await deps.output(studio);
        const pool = makePool({
          modelsDir: deps.modelsDir,
          now: ws.now,
          providers,
          size: batch === undefined ? 1 : defaultPoolSize(),
        });
        try {
          const service = createShotRenderer({ ws, pool, usageCounter: studio.ledger, output, providers });
          const said = providerReporter(ctx, asked as ProviderName | undefined);
          if (batch !== undefined) {
            const concurrency = batchConcurrency(pool.size);
            return await renderBatch(ctx, {
              service,
              pattern: batch,
              outDir: out,
              providers,
              upscale,
              concurrency,
              workspaceDir: ws.dir,
              said,
            });
          }
          const shot = existsSync(shotArg as string)
            ? readShotFile(shotArg as string)
            : ws.shots.load(shotArg as string);
          return await renderOne(ctx, service, shot, out, providers, upscale, said);
        } finally {
          await pool.terminate();
        }
      });
    },
  };
}
