import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDispatcher,
  createStudioHandlers,
  type Dispatch,
  type RenderService,
  type ReviewService,
  type SyncService,
} from '../../src/api/index.ts';
import type { OutputView, Shot, StudioEvent, SyncStatus } from '../../src/contract/index.ts';
import type { Workspace } from '../../src/workspace/index.ts';
import { buildStudioWorkspace } from '../helpers/studioFixture.ts';

let dir: string;
let ws: Workspace;
let dispatch: Dispatch;
let events: StudioEvent[];
let renderListener: (event: StudioEvent) => void = () => {};
let pendingRecords = 0;
let close: () => void;

const output: OutputView = {
  outputId: 'out_1',
  shotId: 'shot_x',
  jobId: 'job_1',
  file: 'outputs/out_1.png',
  thumbnail: null,
  width: 64,
  height: 64,
  createdAt: '2026-11-23T10:00:00.000Z',
  label: 'AI-generated',
  twinId: 'tw_ada',
  licenceId: 'lic_ada_2026',
  usageId: 'u1',
  state: 'generated',
  stateBy: null,
  stateAt: null,
  stateComment: null,
};

const syncStatus = (): SyncStatus => ({
  enrolled: false,
  registryUrl: null,
  orgId: null,
  workstationId: null,
  lastCheckInAt: null,
  pendingRecords,
  state: 'idle',
  message: null,
  lastError: null,
});

/** Waits out promise callbacks (the sync status is asked asynchronously). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'studio-events-'));
  ({ ws } = await buildStudioWorkspace(dir));
  const render = {
    events(listener: (event: StudioEvent) => void) {
      renderListener = listener;
      return () => (renderListener = () => {});
    },
    providers: async () => [{ id: 'cpu', label: 'CPU', available: true, reason: null }],
  } as unknown as RenderService;
  const sync: SyncService = {
    status: async () => syncStatus(),
    enrol: async () => syncStatus(),
    syncNow: async () => syncStatus(),
    events: () => () => {},
  };
  const review = {
    approve: async (outputId: string) => ({ ...output, outputId, state: 'approved' }),
  } as unknown as ReviewService;
  const studio = createStudioHandlers({ workspace: ws, mode: 'browser', services: { render, sync, review } });
  studio.events.subscribe((e) => events.push(e));
  dispatch = createDispatcher(studio.handlers);
  close = studio.close;
});
afterAll(() => {
  close();
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('events every window sees', () => {
  it('a created shot and each save are published with their revision; a stale save is SHOT_STALE and publishes nothing', async () => {
    events = [];
    const created = await dispatch('shots.create', {
      name: 'Look',
      sceneId: 'studio-grey',
      twinId: 'tw_ada',
      poseId: 'front',
      licenceId: 'lic_ada_2026',
    });
    const shot = (created.ok ? created.value : null) as Shot;
    expect(shot.revision).toBe(1);
    expect(events).toEqual([{ type: 'shot.saved', shot, created: true }]);

    const a = await dispatch('shots.save', { shot: { ...shot, name: 'From tab A' } });
    expect(a).toMatchObject({ ok: true, value: { revision: 2, name: 'From tab A' } });
    expect(events.at(-1)).toEqual({ type: 'shot.saved', shot: (a as { value: Shot }).value, created: false });

    const b = await dispatch('shots.save', { shot: { ...shot, name: 'From tab B' } });
    expect(b).toMatchObject({
      ok: false,
      error: { code: 'SHOT_STALE', details: { shotId: shot.shotId, revision: 2, yours: 1 } },
    });
    expect(events).toHaveLength(2);
    expect(await dispatch('shots.get', { shotId: shot.shotId })).toMatchObject({
      ok: true,
      value: { name: 'From tab A', revision: 2 },
    });
  });

  it('a changed setting (the reviewer, the provider) reaches every window as it now reads', async () => {
    events = [];
    const named = await dispatch('settings.setReviewer', { name: 'Mira Retouch' });
    expect(named).toMatchObject({ ok: true, value: { reviewer: 'Mira Retouch' } });
    expect(events).toEqual([{ type: 'settings.changed', settings: (named as { value: unknown }).value }]);

    const provider = await dispatch('settings.setProvider', { provider: 'cpu' });
    expect(provider).toMatchObject({ ok: true, value: { executionProvider: 'cpu', reviewer: 'Mira Retouch' } });
    expect(events.at(-1)).toEqual({ type: 'settings.changed', settings: (provider as { value: unknown }).value });

    // A refused setting changes nothing, so no window hears of it.
    expect(await dispatch('settings.setProvider', { provider: 'quantum' })).toMatchObject({
      ok: false,
      error: { code: 'PROVIDER_UNKNOWN' },
    });
    expect(events).toHaveLength(2);
  });

  it('a finished render is relayed with the licence whose count moved and the records now waiting', async () => {
    events = [];
    pendingRecords = 3;
    renderListener({ type: 'output.added', output });
    await settle();
    expect(events).toEqual([
      { type: 'output.added', output },
      { type: 'usage.changed', twinId: 'tw_ada', licenceId: 'lic_ada_2026' },
      { type: 'sync.status', status: syncStatus() },
    ]);
    renderListener({ type: 'job.removed', jobId: 'job_1' });
    await settle();
    expect(events.at(-1)).toEqual({ type: 'job.removed', jobId: 'job_1' });
  });

  it('a review decision (a ledger record) publishes the records waiting and the output as it is now', async () => {
    events = [];
    pendingRecords = 4;
    expect(await dispatch('review.approve', { outputId: 'out_1' })).toMatchObject({ ok: true });
    await settle();
    // The decided output reaches every window too (its state moved).
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'sync.status', status: expect.objectContaining({ pendingRecords: 4 }) },
        { type: 'output.updated', output: expect.objectContaining({ outputId: 'out_1' }) },
      ]),
    );
  });
});
