import type { RenderJob } from '../../../src/contract/index.ts';

/** How many recent jobs' stage times the estimate is taken from (their median). */
const HISTORY = 9;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** The stage a running job is in: the first of its running stages (the combined model runs several at once). */
const runningStage = (job: RenderJob): string | null => job.stages.find((s) => s.state === 'running')?.stage ?? null;

export interface EtaEstimator {
  /** Feeds one update of a job, seen at `atMs` (a monotonic clock): stage changes become measured stage times. */
  observe(job: RenderJob, atMs: number): void;
  /**
   * Milliseconds until the job is done, from the medians of previous jobs' stage times (null: nothing measured yet,
   * or the job is not queued or running). A running stage counts what is left of its median, never below 0.
   */
  remainingMs(job: RenderJob, atMs: number): number | null;
}

/** ETAs from measured stage times of previous jobs in this window (the job events' own timing, nothing guessed). */
export function createEtaEstimator(): EtaEstimator {
  const times = new Map<string, number[]>();
  const totals: number[] = [];
  const seen = new Map<string, { stage: string | null; since: number; started: number | null }>();

  const record = (into: number[], ms: number) => {
    into.push(ms);
    if (into.length > HISTORY) into.shift();
  };
  const stageTimes = (stage: string): number[] => {
    let list = times.get(stage);
    if (!list) times.set(stage, (list = []));
    return list;
  };

  return {
    observe(job, atMs) {
      const before = seen.get(job.jobId);
      const stage = job.state === 'running' ? runningStage(job) : null;
      if (!before) {
        seen.set(job.jobId, { stage, since: atMs, started: job.state === 'running' ? atMs : null });
        return;
      }
      if (stage === before.stage && job.state === 'running') return;
      // A stage measured from its start to the next one (or to the end): only ones seen starting count.
      if (before.stage !== null && (stage !== null || job.state === 'done'))
        record(stageTimes(before.stage), atMs - before.since);
      if (job.state === 'done' && before.started !== null) record(totals, atMs - before.started);
      if (job.state === 'running') seen.set(job.jobId, { stage, since: atMs, started: before.started ?? atMs });
      else seen.delete(job.jobId);
    },
    remainingMs(job, atMs) {
      if (job.state !== 'queued' && job.state !== 'running') return null;
      const stage = job.state === 'running' ? runningStage(job) : null;
      const at = stage === null ? -1 : job.stages.findIndex((s) => s.stage === stage);
      const ahead = job.stages.filter((s, i) => i > at && s.state === 'pending').map((s) => s.stage);
      const measured = [...(stage ? [stage] : []), ...ahead].filter((s) => (times.get(s)?.length ?? 0) > 0);
      if (measured.length === 0) return totals.length > 0 ? median(totals) : null;
      let ms = 0;
      for (const s of measured) ms += median(times.get(s) as number[]);
      if (stage && times.get(stage)?.length) {
        const since = seen.get(job.jobId)?.since ?? atMs;
        ms -= Math.min(median(times.get(stage) as number[]), atMs - since);
      }
      return Math.max(0, ms);
    },
  };
}
