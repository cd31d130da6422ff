import { describe, expect, it } from 'vitest';
import { fallbackOf, jobView, stagesOf, tiledOf } from '../../src/app/renderJobView.ts';
import type { RenderJob as QueuedJob } from '../../src/render/index.ts';

const row = (patch: Partial<QueuedJob>): QueuedJob => ({
  jobId: 'j1',
  shotId: 's1',
  shot: {},
  state: 'running',
  stage: null,
  progress: 0,
  provider: null,
  attempts: [],
  error: null,
  outputPath: null,
  createdAt: '2026-11-23T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  updatedAt: '2026-11-23T10:00:00.000Z',
  ...patch,
});
const states = (job: QueuedJob) => stagesOf(job).map((s) => `${s.stage}:${s.state}`);

describe('render job view', () => {
  it('marks stages before the current one done and the combined model group running together', () => {
    expect(states(row({ stage: 'fit' }))).toEqual([
      'load:done',
      'fit:running',
      'warp:pending',
      'composite:pending',
      'harmonize:pending',
      'shadow:pending',
      'label:pending',
      'encode:pending',
    ]);
    const warp = stagesOf(row({ stage: 'warp', progress: 0.5 }));
    expect(warp.filter((s) => s.state === 'running').map((s) => [s.stage, s.progress])).toEqual([
      ['warp', 0.5],
      ['composite', 0.5],
      ['harmonize', 0.5],
      ['shadow', 0.5],
    ]);
    expect(states(row({ state: 'done', stage: 'label' })).every((s) => s.endsWith(':done'))).toBe(true);
    expect(states(row({ state: 'queued' })).every((s) => s.endsWith(':pending'))).toBe(true);
  });

  it('shows where a job failed or was cancelled', () => {
    expect(states(row({ state: 'failed', stage: 'label' }))).toEqual([
      'load:done',
      'fit:done',
      'warp:done',
      'composite:done',
      'harmonize:done',
      'shadow:done',
      'label:failed',
      'encode:skipped',
    ]);
    expect(states(row({ state: 'cancelled', stage: 'load' })).slice(0, 2)).toEqual(['load:skipped', 'fit:skipped']);
  });

  it('reports a fallback only when the first provider tried did not run the job, in plain words', () => {
    expect(
      fallbackOf({
        provider: 'cpu',
        attempts: [
          {
            provider: 'cuda',
            ok: false,
            reason: 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
          },
          { provider: 'cpu', ok: true },
        ],
      }),
    ).toEqual({
      from: 'cuda',
      to: 'cpu',
      reason: 'The CUDA libraries are not installed',
    });
    expect(fallbackOf({ provider: 'cpu', attempts: [{ provider: 'cpu', ok: true }] })).toBeNull();
    expect(
      fallbackOf({
        provider: 'webgpu',
        attempts: [
          { provider: 'cuda', ok: false, reason: 'x'.repeat(500) },
          { provider: 'webgpu', ok: true },
        ],
      })?.reason.length,
    ).toBeLessThanOrEqual(200);
  });

  it('reports a job the provider rendered in tiles after running out of memory', () => {
    const note = 'out of memory at full frame on webgpu; rendered in 512-px tiles';
    const tiled = row({
      state: 'done',
      provider: 'webgpu',
      attempts: [
        { provider: 'cuda', ok: false, reason: 'x' },
        { provider: 'webgpu', ok: true, tile: 512, note },
      ],
    });
    expect(tiledOf(tiled)).toEqual({ provider: 'webgpu', tile: 512, note });
    expect(jobView(tiled, { variant: null, outputId: null })).toMatchObject({
      provider: 'webgpu',
      fallback: { from: 'cuda', to: 'webgpu' },
      tiled: { tile: 512, note },
    });
    expect(tiledOf(row({ provider: 'cpu', attempts: [{ provider: 'cpu', ok: true }] }))).toBeNull();
  });

  it('calls a job the policy gate turned down refused, with the advice', () => {
    const job = jobView(
      row({
        state: 'failed',
        error: { code: 'LICENCE_EXPIRED', message: 'expired', details: { rule: 'licence.validity' } },
      }),
      { variant: null, outputId: null, advice: 'ask for a renewal' },
    );
    expect(job.state).toBe('refused');
    expect(job.error).toEqual({ code: 'LICENCE_EXPIRED', message: 'expired', advice: 'ask for a renewal' });
    expect(
      jobView(row({ state: 'failed', error: { code: 'RENDER_WORKER_CRASHED', message: 'boom' } }), {
        variant: { poseId: 'open' },
        outputId: null,
      }),
    ).toMatchObject({ state: 'failed', variant: { poseId: 'open' } });
  });
});
