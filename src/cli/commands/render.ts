import { existsSync, globSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError, toStudioError, type ErrorCode } from '../../errors/index.ts';
import { createRenderPool, defaultPoolSize, type RenderPool, type RenderPoolOptions } from '../../render/jobs/index.ts';
import { defaultProviders, type ProviderAttempt, type ProviderName } from '../../render/models.ts';
import { createShotRenderer, type OutputStep, type ShotRenderer } from '../../render/shotRenderer.ts';
import type { Shot } from '../../shots/index.ts';
import type { Studio } from '../../app/index.ts';
import { readShotFile, type Workspace } from '../../workspace/index.ts';
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
  if (!PROVIDERS.includes(choice as ProviderName)) throw flagError('--provider', `one of ${PROVIDERS.join(', ')}`, choice);
  const rest = defaultProviders().filter((p) => p !== choice);
  return [choice as ProviderName, ...rest];
}

/** Every provider that did not run the job, and a provider that ran it in tiles (out of device memory): never silent. */
export function fallbackLines(attempts: readonly ProviderAttempt[], used: string): string[] {
  return attempts.flatMap((a) => {
    if (!a.ok) return [`provider ${a.provider} did not run (${a.reason ?? 'unknown'}); fell back, rendered on ${used}`];
    return a.tile === undefined ? [] : [`provider ${a.provider}: ${a.note ?? `rendered in ${a.tile}-px tiles`}`];
  });
}

/** Shot files named by a folder (its *.json) or a glob, sorted. */
export function batchFiles(pattern: string): string[] {
  if (existsSync(pattern) && statSync(pattern).isDirectory()) {
    return readdirSync(pattern).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(pattern, f));
  }
  return globSync(pattern).filter((f) => f.endsWith('.json')).sort();
}

async function renderOne(ctx: CommandContext, service: ShotRenderer, shot: Shot, target: string, providers: ProviderName[], upscale: boolean): Promise<number> {
  const t0 = performance.now();
  const { file, result } = await service.render(shot, { target, providers, upscale });
  const ms = Math.round(performance.now() - t0);
  for (const line of fallbackLines(result.attempts, result.provider)) ctx.io.err(line);
  if (ctx.flags.json) {
    ctx.io.out(JSON.stringify({ shotId: shot.shotId, file, provider: result.provider, attempts: result.attempts, tile: result.tile, width: result.width, height: result.height, ms, timings: result.timings }));
  } else {
    ctx.io.out(`rendered ${shot.shotId} → ${file} (${result.width}×${result.height}, ${ms} ms on ${result.provider}${result.tile === null ? '' : ` in ${result.tile}-px tiles`})`);
  }
  return 0;
}

async function renderBatch(ctx: CommandContext, ws: Workspace, service: ShotRenderer, pattern: string, outDir: string, providers: ProviderName[], upscale: boolean): Promise<number> {
  const files = batchFiles(pattern);
  if (files.length === 0) throw new StudioError('BATCH_EMPTY', `Expected shot files (*.json) in ${pattern}, found none`, { pattern });
  const started = performance.now();
  const failures: { file: string; code: ErrorCode; message: string }[] = [];
  const done: { file: string; output: string; provider: string; tile: number | null }[] = [];
  const warned = new Set<string>();
  let finished = 0;
  ctx.io.err(progressLine(0, files.length, 0));
  await Promise.all(
    files.map(async (file) => {
      let note: string;
      try {
        const shot = readShotFile(file);
        const { file: output, result } = await service.render(shot, { target: path.join(outDir, `${shot.shotId}.png`), providers, upscale });
        for (const line of fallbackLines(result.attempts, result.provider)) if (!warned.has(line)) (warned.add(line), ctx.io.err(line));
        done.push({ file, output, provider: result.provider, tile: result.tile });
        note = `${shot.shotId} ok`;
      } catch (thrown) {
        const e = toStudioError(thrown);
        failures.push({ file, code: e.code, message: e.message });
        note = `${path.basename(file)} FAILED ${e.code}`;
      }
      finished++;
      ctx.io.err(progressLine(finished, files.length, performance.now() - started, note));
    }),
  );
  const summary = { total: files.length, rendered: done.length, failed: failures.length, failures, outputs: done, ms: Math.round(performance.now() - started) };
  if (ctx.flags.json) ctx.io.out(JSON.stringify(summary));
  else {
    ctx.io.out(`rendered ${done.length} of ${files.length} shots into ${outDir} in ${(summary.ms / 1000).toFixed(1)} s (workspace ${ws.dir})`);
    for (const f of failures) ctx.io.out(`  failed: ${f.file}: ${f.code} ${f.message}`);
  }
  return failures.length === 0 ? 0 : 1;
}

export function createRenderCommand(deps: RenderCommandDeps): Command {
  const makePool = deps.createPool ?? createRenderPool;
  return {
    words: ['render'],
    summary: 'render a shot (or a batch of shots) to an image with local ONNX inference',
    usage: 'render SHOT.json|SHOT_ID --out FILE | --batch DIR_OR_GLOB --out DIR [--provider cpu|cuda|dml|coreml|webgpu] [--upscale] [--workspace DIR] [--json]',
    options: { ...JSON_OPTION, ...WORKSPACE_OPTION, out: { type: 'string' }, provider: { type: 'string' }, batch: { type: 'string' }, upscale: { type: 'boolean' } },
    async run(ctx) {
      const out = stringFlag(ctx, 'out');
      const batch = stringFlag(ctx, 'batch');
      const [shotArg] = ctx.args;
      if (!out) throw usageError('--out is required');
      if (batch === undefined && !shotArg) throw usageError('a shot file or shot id is required (or --batch)');
      if (batch !== undefined && shotArg) throw usageError('give either a shot or --batch, not both');
      const providers = providerOrder(stringFlag(ctx, 'provider'));
      const upscale = ctx.flags.upscale === true;
      const nearPath = batch ?? (shotArg && existsSync(shotArg) ? shotArg : undefined);
      return withStudio(ctx, { nearPath }, async (studio) => {
        const { ws } = studio;
        const output = await deps.output(studio);
        const pool = makePool({ modelsDir: deps.modelsDir, now: ws.now, providers, size: batch === undefined ? 1 : defaultPoolSize() });
        try {
          const service = createShotRenderer({ ws, pool, usageCounter: studio.ledger, output, providers });
          if (batch !== undefined) return await renderBatch(ctx, ws, service, batch, out, providers, upscale);
          const shot = existsSync(shotArg as string) ? readShotFile(shotArg as string) : ws.shots.load(shotArg as string);
          return await renderOne(ctx, service, shot, out, providers, upscale);
        } finally {
          await pool.terminate();
        }
      });
    },
  };
}
