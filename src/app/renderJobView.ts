import { RENDER_STAGES, type RenderJob, type StageProgress } from '../contract/index.ts';
import { adviceFor, type ProviderName, type RenderJob as QueuedJob } from '../render/index.ts';

/**
 * How the pipeline's own stages (session, fit, composite…, pixels) and the output step land on the contract's
 * stage list. The combined model warps, composites, harmonises and shadows in one inference, so those four
 * run and finish together; the output step on the main thread does label and encode.
 */
export const COMBINED_STAGES: readonly string[] = ['warp', 'composite', 'harmonize', 'shadow'];

/** Per-stage progress from the queue row: stages before the current one are done, the rest pending. */
export function stagesOf(job: Pick<QueuedJob, 'state' | 'stage' | 'progress'>): StageProgress[] {
  if (job.state === 'done') return RENDER_STAGES.map((stage) => ({ stage, progress: 1, state: 'done' }));
  const current = job.stage === null ? -1 : RENDER_STAGES.indexOf(job.stage as (typeof RENDER_STAGES)[number]);
  const group =
    job.stage !== null && COMBINED_STAGES.includes(job.stage) ? COMBINED_STAGES : job.stage === null ? [] : [job.stage];
  const first = group.length > 0 ? RENDER_STAGES.indexOf(group[0] as (typeof RENDER_STAGES)[number]) : current;
  const here: StageProgress['state'] =
    job.state === 'running'
      ? 'running'
      : job.state === 'failed'
        ? 'failed'
        : job.state === 'cancelled'
          ? 'skipped'
          : 'pending';
  return RENDER_STAGES.map((stage, i): StageProgress => {
    if (current < 0) return { stage, progress: 0, state: job.state === 'cancelled' ? 'skipped' : 'pending' };
    if (i < first) return { stage, progress: 1, state: 'done' };
    if (group.includes(stage)) return { stage, progress: here === 'running' ? job.progress : 0, state: here };
    return { stage, progress: 0, state: job.state === 'cancelled' || job.state === 'failed' ? 'skipped' : 'pending' };
  });
}

const firstLine = (text: string): string => {
  const line = text.split('\n')[0] ?? text;
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
};

/** Why a provider did not start, in the doctor's plain words where it has them ("The CUDA libraries are not installed"). */
function plainReason(provider: ProviderName, reason: string | undefined): string {
  const advice = reason === undefined ? undefined : adviceFor(provider, reason);
  return advice ? (advice.split(': ')[0] ?? advice).replace(/\.$/, '') : firstLine(reason ?? 'it did not start');
}

/** Set when the first provider tried did not start and another ran the job. */
export function fallbackOf(job: Pick<QueuedJob, 'provider' | 'attempts'>): RenderJob['fallback'] {
  const first = job.attempts[0];
  if (!job.provider || !first || first.ok || first.provider === job.provider) return null;
  return { from: first.provider, to: job.provider, reason: plainReason(first.provider, first.reason) };
}

/** Set when the provider that ran the job rendered it in tiles after running out of device memory. */
export function tiledOf(job: Pick<QueuedJob, 'provider' | 'attempts'>): RenderJob['tiled'] {
  const ran = job.attempts.find((a) => a.ok && a.provider === job.provider && a.tile !== undefined);
  if (!ran || ran.tile === undefined) return null;
  return {
    provider: ran.provider,
    tile: ran.tile,
    note: ran.note ?? `rendered in ${ran.tile}-px tiles after running out of memory`,
  };
}

export interface JobExtras {
  variant: RenderJob['variant'];
  outputId: string | null;
  /** Plain advice for a refusal or failure, when there is one. */
  advice?: string;
}

/** The queue's row as the UI sees it. A job the policy gate turned down reads "refused", not "failed". */
export function jobView(job: QueuedJob, extras: JobExtras): RenderJob {
  const refused =
    job.state === 'failed' && job.error?.details !== undefined && typeof job.error.details.rule === 'string';
  return {
    jobId: job.jobId,
    shotId: job.shotId,
    variant: extras.variant,
    state: refused ? 'refused' : job.state,
    stages: stagesOf(job),
    provider: job.provider,
    fallback: fallbackOf(job),
    tiled: tiledOf(job),
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    outputId: extras.outputId,
    error: job.error
      ? { code: job.error.code, message: job.error.message, ...(extras.advice ? { advice: extras.advice } : {}) }
      : null,
  };
}
