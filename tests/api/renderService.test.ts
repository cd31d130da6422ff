import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, createStudioHandlers, newShot, type RenderService } from '../../src/api/index.ts';
import type { RenderJob, StudioEvent } from '../../src/contract/index.ts';
import type { Workspace } from '../../src/workspace/index.ts';
import { buildStudioWorkspace } from '../helpers/studioFixture.ts';

/** A stand-in for the render room's service: records what it was asked and emits what a real queue would. */
function recordingRenderService() {
  const asked: unknown[] = [];
  const listeners = new Set<(e: StudioEvent) => void>();
  const job = (jobId: string, shotId: string): RenderJob => ({
    jobId,
    shotId,
    variant: null,
    state: 'queued',
    stages: [{ stage: 'load', progress: 0, state: 'pending' }],
    provider: null,
    fallback: null,
    tiled: null,
    createdAt: '2026-11-23T10:00:00Z',
    finishedAt: null,
    outputId: null,
    error: null,
  });
  const service: RenderService = {
    async enqueue(request) {
      asked.push(request);
      const j = job('job_1', request.shotId);
      listeners.forEach((l) => l({ type: 'job.updated', job: { ...j, state: 'running', provider: 'cpu' } }));
      return [j];
    },
    cancel: async (jobId) => ({ ...job(jobId, 'x'), state: 'cancelled' }),
    retry: async (jobId) => job(jobId, 'x'),
    jobs: async () => [],
    events(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    providers: async () => [
      { id: 'cuda', label: 'NVIDIA CUDA', available: false, reason: 'no CUDA device' },
      { id: 'cpu', label: 'CPU', available: true, reason: null },
    ],
  };
  return { service, asked };
}

let dir: string;
let ws: Workspace;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'studio-render-'));
  ({ ws } = await buildStudioWorkspace(dir));
});
afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a render service slotted into the handlers', () => {
  it('is reported, asked only after the policy gate allows, and its events reach the hub', async () => {
    const { service, asked } = recordingRenderService();
    const studio = createStudioHandlers({ workspace: ws, mode: 'browser', services: { render: service } });
    const dispatch = createDispatcher(studio.handlers);
    const events: StudioEvent[] = [];
    studio.events.subscribe((e) => events.push(e));

    expect(await dispatch('app.info', {})).toMatchObject({ ok: true, value: { services: { render: true } } });
    const shot = await newShot(ws, {
      name: 'R',
      sceneId: 'studio-grey',
      twinId: 'tw_ada',
      poseId: 'front',
      licenceId: 'lic_ada_2026',
    });
    const queued = await dispatch('render.enqueue', { shotId: shot.shotId, variants: { sceneIds: ['warm-loft'] } });
    expect(queued).toMatchObject({ ok: true, value: [{ jobId: 'job_1' }] });
    expect(asked).toEqual([{ shotId: shot.shotId, variants: { sceneIds: ['warm-loft'], poseIds: [] } }]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'job.updated', job: expect.objectContaining({ provider: 'cpu' }) }),
    );

    ws.shots.save({ ...shot, twin: { ...shot.twin, licenceId: 'lic_ada_old' } });
    const refused = await dispatch('render.enqueue', { shotId: shot.shotId });
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'LICENCE_EXPIRED',
      details: { rule: 'licence in force' },
    });
    expect(asked).toHaveLength(1);

    const settings = await dispatch('settings.setProvider', { provider: 'opencl' });
    expect(settings.ok ? null : settings.error.code).toBe('PROVIDER_UNKNOWN');
    expect(await dispatch('settings.setProvider', { provider: 'cpu' })).toMatchObject({
      ok: true,
      value: { executionProvider: 'cpu', providers: [{ id: 'cuda' }, { id: 'cpu' }] },
    });
    studio.close();
  });
});
