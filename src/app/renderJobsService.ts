import path from 'node:path';
import { adviceFor, type RenderService } from '../api/index.ts';
import type { RenderJob, StudioEvent } from '../contract/index.ts';
import { StudioError } from '../errors/index.ts';
import {
  createRenderPool,
  createRenderQueue,
  createShotRenderer,
  defaultPoolSize,
  type RenderPool,
  type RenderQueue,
  type RenderJob as QueuedJob,
  type RunJob,
} from '../render/index.ts';
import { migrate } from '../storage/index.ts';
import { migrateShot, type Shot } from '../shots/index.ts';
import type { Studio } from './openStudio.ts';
import { outputView } from './outputsService.ts';
import type { ProvenanceKit } from './provenanceKit.ts';
import { stampedOutputStep } from './renderOutput.ts';
import { createProofs } from './proofs.ts';
import { jobView } from './renderJobView.ts';
import { createProviderChoice } from './renderProviders.ts';

export interface RenderJobsOptions {
  modelsDir: string;
  /** The render worker's entry; the Electron bundle passes its own (dist/electron/renderWorker.cjs). */
  workerUrl?: URL;
  poolSize?: number;
  log?: (line: string) => void;
}

export interface RenderJobs extends RenderService {
  /** Resolves once nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops the queue (running jobs go back to the queue for the next start) and ends the workers. */
  close(): Promise<void>;
}

// Which scene or pose a variant job swapped in: the job's shot snapshot has it, this keeps what it changed.
const VARIANT_MIGRATIONS = [
  'CREATE TABLE render_job_variants (job_id TEXT PRIMARY KEY, scene_id TEXT, pose_id TEXT)',
] as const;

/**
 * The studio's render queue as the API's RenderService: jobs persist in the workspace database and resume
 * after a restart; pixels are made in the pool's worker threads; every output goes through the stamped
 * output step (label, watermark, XMP, C2PA, ledger).
 */
export function createRenderJobs(deps: {
  studio: Studio;
  provenance: ProvenanceKit;
  options: RenderJobsOptions;
}): RenderJobs {
  const { studio, options } = deps;
  const { ws } = studio;
  migrate(ws.db, 'render_job_variants', VARIANT_MIGRATIONS);
  const choice = createProviderChoice({ ws, modelsDir: options.modelsDir });
  const size = options.poolSize ?? defaultPoolSize();
  // Workers start with the first job, so opening the studio (or a test) costs no ONNX Runtime start-up.
  let pool: RenderPool | undefined;
  const poolOf = (): RenderPool =>
    (pool ??= createRenderPool({
      modelsDir: options.modelsDir,
      size,
      now: ws.now,
      ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
    }));
  const lazyPool: RenderPool = {
    size,
    run: (task, o) => poolOf().run(task, o),
    terminate: async () => pool?.terminate(),
  };
  const service = createShotRenderer({
    ws,
    pool: lazyPool,
    usageCounter: studio.ledger,
    output: stampedOutputStep(studio, deps.provenance),
  });

  const runJob: RunJob = async (job, ctx) => {
    const outcome = await service.render(migrateShot(job.shot), {
      signal: ctx.signal,
      jobId: job.jobId,
      providers: choice.order(),
      // Pipeline stages (session, fit, composite passes, pixels) onto the contract's: the passes are the warp group.
      onStage: (e) => {
        const started = e.ms === undefined;
        if (e.stage === 'session') ctx.report(started ? { stage: 'load', progress: 0 } : { stage: 'fit', progress: 0 });
        else if (e.stage === 'fit' && !started) ctx.report({ stage: 'warp', progress: 0 });
        else if (e.stage.startsWith('composite'))
          ctx.report({ stage: 'warp', progress: (e.index - 2 + (started ? 0 : 1)) / Math.max(1, e.total - 3) });
      },
      onProvider: (provider, attempts) => {
        ctx.report({ provider, attempts });
        ctx.report({ stage: 'label', progress: 0 });
      },
    });
    return { outputPath: outcome.file, provider: outcome.result.provider, attempts: outcome.result.attempts };
  };
  const queue: RenderQueue = createRenderQueue({
    db: ws.db,
    runJob,
    now: ws.now,
    concurrency: size,
    ...(options.log ? { log: options.log } : {}),
  });

  const variantOf = (jobId: string): RenderJob['variant'] => {
    const row = ws.db.prepare('SELECT scene_id, pose_id FROM render_job_variants WHERE job_id = ?').get(jobId) as
      { scene_id: string | null; pose_id: string | null } | undefined;
    if (!row) return null;
    return { ...(row.scene_id ? { sceneId: row.scene_id } : {}), ...(row.pose_id ? { poseId: row.pose_id } : {}) };
  };
  const outputOf = (job: QueuedJob) => {
    if (job.state !== 'done' || !job.outputPath) return undefined;
    const file = path.resolve(job.outputPath);
    return studio.outputs.list({ shotId: job.shotId }).find((o) => path.resolve(o.file) === file);
  };
  const view = (job: QueuedJob): RenderJob => {
    const facts = (job.error?.details ?? {}) as Record<string, unknown>;
    const advice = job.error && typeof facts.rule === 'string' ? adviceFor(job.error.code, facts) : undefined;
    return jobView(job, {
      variant: variantOf(job.jobId),
      outputId: outputOf(job)?.outputId ?? null,
      ...(advice ? { advice } : {}),
    });
  };

  async function snapshots(
    shot: Shot,
    variants: { sceneIds: string[]; poseIds: string[] } | undefined,
  ): Promise<{ shot: Shot; variant: RenderJob['variant'] }[]> {
    const scenes = [null, ...new Set((variants?.sceneIds ?? []).filter((id) => id !== shot.scene.sceneId))];
    const poses = [null, ...new Set((variants?.poseIds ?? []).filter((id) => id !== shot.twin.poseId))];
    const known = poses.length > 1 ? (await ws.twins.load(shot.twin.twinId)).manifest.poses.map((p) => p.poseId) : [];
    for (const sceneId of scenes) if (sceneId) ws.catalog.scene(sceneId);
    for (const poseId of poses) {
      if (poseId && !known.includes(poseId)) {
        throw new StudioError(
          'POSE_NOT_FOUND',
          `Expected a pose of ${shot.twin.twinId} (${known.join(', ')}); got ${poseId}`,
          { poseId, twinId: shot.twin.twinId },
        );
      }
    }
    // One job per (scene, pose): the shot as it is first, then each swap.
    return scenes.flatMap((sceneId) =>
      poses.map((poseId) => ({
        shot: {
          ...shot,
          scene: sceneId ? { sceneId } : shot.scene,
          twin: poseId ? { ...shot.twin, poseId } : shot.twin,
        },
        variant: sceneId || poseId ? { ...(sceneId ? { sceneId } : {}), ...(poseId ? { poseId } : {}) } : null,
      })),
    );
  }

  queue.start();
  // Proofs share the pool (its workers' sessions are warm) but not the queue: a proof is wanted now.
  const proof = createProofs({ studio, provenance: deps.provenance, pool: lazyPool, providers: () => choice.order() });

  return {
    proof,
    async enqueue({ shotId, variants }) {
      const shot = ws.shots.load(shotId);
      const planned = await snapshots(shot, variants);
      return planned.map(({ shot: snapshot, variant }) => {
        const job = queue.enqueue(snapshot);
        if (variant)
          ws.db
            .prepare('INSERT INTO render_job_variants (job_id, scene_id, pose_id) VALUES (?, ?, ?)')
            .run(job.jobId, variant.sceneId ?? null, variant.poseId ?? null);
        return view(job);
      });
    },
    cancel: async (jobId) => view(queue.cancel(jobId)),
    retry: async (jobId) => view(queue.retry(jobId)),
    // Newest first, as the queue panel lists them.
    jobs: async () => queue.list().reverse().map(view),
    events(listener) {
      const updated = (jobId: string) => {
        const job = queue.get(jobId);
        if (job) listener({ type: 'job.updated', job: view(job) } satisfies StudioEvent);
      };
      const offs = [
        queue.events.on('job', (job) => {
          const shown = view(job);
          listener({ type: 'job.updated', job: shown });
          const entry = outputOf(job);
          if (entry) listener({ type: 'output.added', output: { ...outputView(studio, entry), jobId: job.jobId } });
        }),
        queue.events.on('stage', (e) => updated(e.jobId)),
        queue.events.on('provider', (e) => updated(e.jobId)),
      ];
      return () => offs.forEach((off) => off());
    },
    providers: () => choice.list(),
    idle: () => queue.idle(),
    async close() {
      await queue.stop({ requeue: true });
      await lazyPool.terminate();
    },
  };
}
