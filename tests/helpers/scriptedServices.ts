import path from 'node:path';
import sharp from 'sharp';
import type { OutputsService, RenderService } from '../../src/api/index.ts';
import type { OutputView, RenderJob, StudioEvent, VerifyReport } from '../../src/contract/index.ts';
import type { Workspace } from '../../src/workspace/index.ts';

/**
 * TEST DOUBLE — never wired into the product. A render queue and outputs service that follow the contract
 * (per-stage progress, provider, a CUDA→CPU fallback, cancel, retry, outputs) so the UI's queue, gallery
 * and viewer can be driven end to end before the real render room is merged. Its "render" is the scene
 * with a label, not a composite.
 */
export function createScriptedServices(ws: Workspace, options: { stageMs?: number } = {}): { render: RenderService; outputs: OutputsService } {
  const stageMs = options.stageMs ?? 120;
  const stages = ['load', 'fit', 'warp', 'composite', 'harmonize', 'shadow', 'label', 'encode'];
  const jobs = new Map<string, RenderJob>();
  const outputs: OutputView[] = [];
  const listeners = new Set<(e: StudioEvent) => void>();
  const emit = (e: StudioEvent) => listeners.forEach((l) => l(e));
  let counter = 0;
  let queue = Promise.resolve();

  const update = (job: RenderJob, patch: Partial<RenderJob>) => {
    const next = { ...job, ...patch };
    jobs.set(job.jobId, next);
    emit({ type: 'job.updated', job: next });
    return next;
  };

  async function run(jobId: string) {
    let job = jobs.get(jobId)!;
    if (job.state !== 'queued') return;
    job = update(job, { state: 'running', provider: 'cpu', fallback: { from: 'cuda', to: 'cpu', reason: 'no CUDA device on this machine' } });
    for (let i = 0; i < stages.length; i++) {
      for (const p of [0.5, 1]) {
        await new Promise((r) => setTimeout(r, stageMs / 2));
        job = jobs.get(jobId)!;
        if (job.state === 'cancelled') return;
        job = update(job, { stages: job.stages.map((s, k) => (k < i || (k === i && p === 1) ? { ...s, state: 'done', progress: 1 } : k === i ? { ...s, state: 'running', progress: p } : s)) });
      }
    }
    const shot = ws.shots.load(job.shotId);
    const scene = ws.catalog.scene(job.variant?.sceneId ?? shot.scene.sceneId);
    const outputId = `out_${jobId}`;
    const file = path.join(ws.layout.outputs, `${outputId}.png`);
    const { width, height } = shot.output;
    const label = 'AI-generated · digital twin of Ada';
    const badge = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect x="24" y="${height - 110}" width="${width * 0.62}" height="86" rx="10" fill="rgba(0,0,0,.6)"/><text x="44" y="${height - 55}" font-size="${Math.round(width * 0.03)}" fill="#fff" font-family="sans-serif">${label}</text></svg>`,
    );
    await sharp(scene.imagePath).resize(width, height, { fit: 'fill' }).composite([{ input: badge }]).png().toFile(file);
    const output: OutputView = {
      outputId,
      shotId: shot.shotId,
      jobId,
      file: `outputs/${outputId}.png`,
      thumbnail: null,
      width,
      height,
      createdAt: new Date().toISOString(),
      label,
      twinId: shot.twin.twinId,
      licenceId: shot.twin.licenceId,
      usageId: `use_${jobId}`,
      state: 'generated',
      stateBy: null,
      stateAt: null,
      stateComment: null,
    };
    outputs.unshift(output);
    update(jobs.get(jobId)!, { state: 'done', finishedAt: new Date().toISOString(), outputId });
    emit({ type: 'output.added', output });
  }

  const newJob = (shotId: string, variant: RenderJob['variant']): RenderJob => ({
    jobId: `job${++counter}`,
    shotId,
    variant,
    state: 'queued',
    stages: stages.map((stage) => ({ stage, progress: 0, state: 'pending' })),
    provider: null,
    fallback: null,
    createdAt: new Date(Date.now() + counter).toISOString(),
    finishedAt: null,
    outputId: null,
    error: null,
  });
  const schedule = (jobId: string) => {
    queue = queue.then(() => run(jobId)).catch(() => {});
  };

  return {
    render: {
      async enqueue({ shotId, variants }) {
        const list = [newJob(shotId, null), ...(variants?.sceneIds ?? []).map((sceneId) => newJob(shotId, { sceneId })), ...(variants?.poseIds ?? []).map((poseId) => newJob(shotId, { poseId }))];
        for (const j of list) {
          jobs.set(j.jobId, j);
          emit({ type: 'job.updated', job: j });
          schedule(j.jobId);
        }
        return list;
      },
      async cancel(jobId) {
        return update(jobs.get(jobId)!, { state: 'cancelled', finishedAt: new Date().toISOString() });
      },
      async retry(jobId) {
        const old = jobs.get(jobId)!;
        const job = update(old, { ...newJob(old.shotId, old.variant), jobId });
        schedule(jobId);
        return job;
      },
      jobs: async () => [...jobs.values()].reverse(),
      events(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      providers: async () => [
        { id: 'cuda', label: 'NVIDIA CUDA', available: false, reason: 'no CUDA device on this machine' },
        { id: 'cpu', label: 'CPU', available: true, reason: null },
      ],
    },
    outputs: {
      list: async ({ shotId }) => outputs.filter((o) => !shotId || o.shotId === shotId),
      async verify(outputId): Promise<VerifyReport> {
        const o = outputs.find((x) => x.outputId === outputId)!;
        return { outputId, ok: true, checks: [{ name: 'visible label', ok: true, detail: o.label }], facts: { scripted: true } };
      },
    },
  };
}
