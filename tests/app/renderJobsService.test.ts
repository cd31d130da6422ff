import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newShot } from '../../src/api/index.ts';
import { createStudioRuntime, type StudioRuntime } from '../../src/app/runtime.ts';
import type { StudioEvent } from '../../src/contract/index.ts';
import { buildStudioWorkspace } from '../helpers/studioFixture.ts';
import { fixtureClock } from '../helpers/clock.ts';

// The real queue, worker pool, renderer and stamped output behind the API's RenderService.
let dir: string;
let wsDir: string;
let shotId: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'render-jobs-'));
  const { ws } = await buildStudioWorkspace(dir);
  const shot = await newShot(ws, {
    name: 'Look 1',
    sceneId: 'studio-grey',
    twinId: 'tw_ada',
    poseId: 'front',
    licenceId: 'lic_ada_2026',
  });
  // Small output: the test is about the plumbing, not the pixels.
  ws.shots.save({
    ...shot,
    output: { width: 240, height: 320 },
    twin: {
      ...shot.twin,
      transform: {
        ...shot.twin.transform,
        x: shot.twin.transform.x * 0.3,
        y: shot.twin.transform.y * 0.3,
        scale: shot.twin.transform.scale * 0.3,
      },
    },
  });
  shotId = shot.shotId;
  wsDir = ws.dir;
  ws.close();
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('render jobs service', () => {
  let runtime: StudioRuntime;
  afterAll(async () => runtime?.close());

  it('renders variants in the pool, reports stages, the provider and its fallback, and adds stamped outputs', async () => {
    runtime = await createStudioRuntime(wsDir, { now: fixtureClock, env: { TWIN_STUDIO_USER: 'tester' }, poolSize: 1 });
    const render = runtime.services.render;
    const providers = await render.providers();
    expect(providers.map((p) => p.id)).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(providers.find((p) => p.id === 'cpu')).toMatchObject({ available: true, reason: null });
    expect(providers.find((p) => p.id === 'cuda')?.available).toBe(false);

    const events: StudioEvent[] = [];
    const off = render.events((e) => events.push(e));
    const jobs = await render.enqueue({ shotId, variants: { sceneIds: [], poseIds: ['front', 'open'] } });
    expect(jobs.map((j) => j.variant)).toEqual([null, { poseId: 'open' }]);
    expect(jobs[0]?.stages.map((s) => s.stage)).toEqual([
      'load',
      'fit',
      'warp',
      'composite',
      'harmonize',
      'shadow',
      'label',
      'encode',
    ]);
    await render.idle();
    off();

    const done = await render.jobs();
    expect(done.map((j) => j.state)).toEqual(['done', 'done']);
    for (const job of done) {
      expect(job.provider).toBe('cpu');
      expect(job.fallback).toEqual({ from: 'cuda', to: 'cpu', reason: 'The CUDA libraries are not installed' });
      expect(job.stages.every((s) => s.state === 'done')).toBe(true);
      expect(job.outputId).toMatch(/.+/);
    }
    const running = events
      .filter((e): e is Extract<StudioEvent, { type: 'job.updated' }> => e.type === 'job.updated')
      .map((e) => e.job);
    expect(
      running.some((j) => j.state === 'running' && j.stages.find((s) => s.stage === 'load')?.state === 'running'),
    ).toBe(true);
    expect(
      running.some(
        (j) =>
          j.state === 'running' &&
          j.stages.find((s) => s.stage === 'warp')?.state === 'done' &&
          j.stages.find((s) => s.stage === 'label')?.state === 'running',
      ),
    ).toBe(true);
    const added = events
      .filter((e): e is Extract<StudioEvent, { type: 'output.added' }> => e.type === 'output.added')
      .map((e) => e.output);
    expect(added.map((o) => o.jobId).sort()).toEqual(done.map((j) => j.jobId).sort());
    expect(added[0]?.label).toBe('AI-generated · digital twin of Ada (mannequin)');
    for (const o of added) expect(existsSync(path.join(wsDir, o.file))).toBe(true);

    const report = await runtime.services.outputs.verify(added[0]!.outputId);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['Visible label', true],
      ['XMP provenance', true],
      ['C2PA Content Credentials', true],
      ['Invisible watermark', true],
      ['Ledger record', true],
    ]);
  }, 60_000);

  it('puts the chosen provider first for new jobs', async () => {
    runtime.workspace.db
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('render.executionProvider', 'cpu') ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run();
    expect((await runtime.services.render.providers()).map((p) => p.id)).toEqual(['cpu', 'cuda', 'webgpu']);
    const [job] = await runtime.services.render.enqueue({ shotId });
    await runtime.services.render.idle();
    const finished = (await runtime.services.render.jobs()).find((j) => j.jobId === job?.jobId);
    expect(finished).toMatchObject({ state: 'done', provider: 'cpu', fallback: null });
  }, 30_000);

  it('resumes a job that was running when the studio closed', async () => {
    const [job] = await runtime.services.render.enqueue({ shotId });
    await new Promise<void>((resolve) => {
      const off = runtime.services.render.events(
        (e) =>
          e.type === 'job.updated' && e.job.jobId === job?.jobId && e.job.state === 'running' && (off(), resolve()),
      );
    });
    await runtime.close();
    runtime = await createStudioRuntime(wsDir, { now: fixtureClock, env: { TWIN_STUDIO_USER: 'tester' }, poolSize: 1 });
    await runtime.services.render.idle();
    expect((await runtime.services.render.jobs()).find((j) => j.jobId === job?.jobId)?.state).toBe('done');
  }, 30_000);
});
