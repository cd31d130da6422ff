import { describe, expect, it } from 'vitest';
import { RENDER_STAGES, type RenderJob } from '../../../src/contract/index.ts';
import { createEtaEstimator } from '../../../renderer/src/store/eta.ts';

/** A job as the queue reports it: `running` names the running stage group (load, fit, warp…, label). */
function job(jobId: string, state: RenderJob['state'], running?: string): RenderJob {
  const group = running === 'warp' ? ['warp', 'composite', 'harmonize', 'shadow'] : running ? [running] : [];
  const first = running ? RENDER_STAGES.indexOf(running as (typeof RENDER_STAGES)[number]) : -1;
  return {
    jobId,
    shotId: 'shot_1',
    variant: null,
    state,
    stages: RENDER_STAGES.map((stage, i) => ({
      stage,
      progress: 0,
      state:
        state === 'done' ? 'done' : group.includes(stage) ? 'running' : first >= 0 && i < first ? 'done' : 'pending',
    })),
    provider: 'cpu',
    fallback: null,
    tiled: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    finishedAt: null,
    outputId: null,
    error: null,
  };
}

/** Runs a job through load (100 ms), fit (50), warp… (300) and label (150): 600 ms in all. */
function runThrough(eta: ReturnType<typeof createEtaEstimator>, id: string, t0: number): number {
  eta.observe(job(id, 'queued'), t0);
  eta.observe(job(id, 'running', 'load'), t0 + 10);
  eta.observe(job(id, 'running', 'fit'), t0 + 110);
  eta.observe(job(id, 'running', 'warp'), t0 + 160);
  eta.observe(job(id, 'running', 'label'), t0 + 460);
  eta.observe(job(id, 'done'), t0 + 610);
  return t0 + 610;
}

describe('ETA estimator', () => {
  it('knows nothing before a job has been measured', () => {
    const eta = createEtaEstimator();
    eta.observe(job('a', 'running', 'load'), 0);
    expect(eta.remainingMs(job('a', 'running', 'load'), 50)).toBeNull();
  });

  it('sums the medians of the stages ahead, less what the running stage has already taken', () => {
    const eta = createEtaEstimator();
    let t = runThrough(eta, 'a', 0);
    t = runThrough(eta, 'b', t + 1000);
    expect(eta.remainingMs(job('c', 'queued'), t)).toBe(600);
    eta.observe(job('c', 'running', 'load'), t);
    expect(eta.remainingMs(job('c', 'running', 'load'), t + 40)).toBe(560);
    eta.observe(job('c', 'running', 'warp'), t + 200);
    expect(eta.remainingMs(job('c', 'running', 'warp'), t + 300)).toBe(350);
    // A stage running longer than its median counts as about to end, never negative.
    expect(eta.remainingMs(job('c', 'running', 'warp'), t + 5000)).toBe(150);
  });

  it('follows the medians as stage times change, and says nothing for finished or cancelled jobs', () => {
    const eta = createEtaEstimator();
    let t = 0;
    for (const id of ['a', 'b', 'c']) t = runThrough(eta, id, t + 100);
    // Three slow loads (1 s) outvote the three fast ones.
    for (const id of ['d', 'e', 'f', 'g']) {
      eta.observe(job(id, 'running', 'load'), t);
      eta.observe(job(id, 'running', 'fit'), (t += 1000));
      eta.observe(job(id, 'done'), (t += 500));
    }
    expect(eta.remainingMs(job('h', 'queued'), t)).toBe(1000 + 500 + 300 + 150);
    expect(eta.remainingMs(job('a', 'done'), t)).toBeNull();
    expect(eta.remainingMs(job('a', 'cancelled'), t)).toBeNull();
  });
});
