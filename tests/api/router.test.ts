import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, createStudioHandlers, type Dispatch } from '../../src/api/index.ts';
import type { LicenceStatus, PolicyCheck, Shot, TwinView } from '../../src/contract/index.ts';
import { figureRows } from '../../src/shots/index.ts';
import type { Workspace } from '../../src/workspace/index.ts';
import { buildStudioWorkspace } from '../helpers/studioFixture.ts';

let dir: string;
let ws: Workspace;
let dispatch: Dispatch;
let calls: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'studio-api-'));
  ({ ws } = await buildStudioWorkspace(dir));
  const { handlers } = createStudioHandlers({ workspace: ws, mode: 'browser' });
  calls = [];
  const spied = new Proxy(handlers, {
    get: (t, k) =>
      k in t
        ? (i: unknown) => (calls.push(String(k)), (t as Record<string, (i: unknown) => unknown>)[k as string]!(i))
        : undefined,
  });
  dispatch = createDispatcher(spied);
});
afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dispatch', () => {
  it('refuses a bad payload before any handler runs, naming the field', async () => {
    calls.length = 0;
    const result = await dispatch('shots.get', { shotId: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.details.fields).toEqual(['shotId']);
    expect(result.error.message).toContain('shotId');
    expect(calls).toEqual([]);
  });

  it('refuses unknown fields and unknown methods', async () => {
    const extra = await dispatch('twins.list', { evil: true });
    expect(extra.ok ? null : extra.error.code).toBe('INVALID_INPUT');
    const unknown = await dispatch('fs.readFile', {});
    expect(unknown.ok ? null : unknown.error.code).toBe('UNKNOWN_METHOD');
    expect(calls).toEqual([]);
  });

  it('lists the twin with poses and licence status in plain words', async () => {
    const result = await dispatch('twins.list', {});
    expect(result.ok).toBe(true);
    const twins = (result.ok ? result.value : []) as TwinView[];
    expect(twins).toHaveLength(1);
    const ada = twins[0]!;
    expect(ada.poses.map((p) => p.poseId)).toEqual(['front', 'open']);
    expect(ada.poses[0]!.image).toBe('twins/tw_ada/poses/front.png');
    const byId = Object.fromEntries(ada.licences.map((l: LicenceStatus) => [l.licenceId, l]));
    expect(byId.lic_ada_2026!.usable).toBe(true);
    expect(byId.lic_ada_2026!.summary).toBe('Valid until 1 Oct 2027 · 500 of 500 images left');
    expect(byId.lic_ada_old!.usable).toBe(false);
    expect(byId.lic_ada_old!.refusal?.code).toBe('LICENCE_EXPIRED');
    expect(byId.lic_ada_old!.summary).toBe('The licence expired on 1 Oct 2026 — ask Northlight Models for a renewal.');
  });

  it('creates a shot standing on the floor, saves it, and checks it with the gate', async () => {
    const created = await dispatch('shots.create', {
      name: 'Look 1',
      sceneId: 'studio-grey',
      twinId: 'tw_ada',
      poseId: 'front',
      licenceId: 'lic_ada_2026',
    });
    expect(created.ok).toBe(true);
    const shot = (created.ok ? created.value : null) as Shot;
    expect(shot.output).toEqual({ width: 1200, height: 1600 });
    // The soles (the pose image's lowest opaque row, not the ankles) land on the floor line at 1400.
    const pack = await ws.twins.load('tw_ada');
    const pose = pack.poses.find((p) => p.poseId === 'front')!;
    const { solesY } = await figureRows(pack.files.read(pose.image));
    expect(solesY).toBeGreaterThan(945);
    const feetY = shot.twin.transform.y + (solesY - pose.height / 2) * shot.twin.transform.scale;
    expect(feetY).toBeCloseTo(1400, 5);
    // The library tells the canvas where those soles are, so its snapping stands the same soles on the same floor.
    const listed = await dispatch('twins.list', {});
    const view = (listed.ok ? (listed.value as TwinView[]) : [])[0]?.poses.find((p) => p.poseId === 'front');
    expect(view?.solesY).toBe(solesY);

    const moved = {
      ...shot,
      twin: { ...shot.twin, transform: { ...shot.twin.transform, x: 500 } },
      garments: [{ garmentId: 'tee-coral', z: 1, fit: 'tps', hidden: false }],
    };
    const saved = await dispatch('shots.save', { shot: moved });
    expect(saved.ok).toBe(true);
    const loaded = await dispatch('shots.get', { shotId: shot.shotId });
    expect(loaded.ok && (loaded.value as Shot).twin.transform.x).toBe(500);

    const check = await dispatch('shots.check', { shotId: shot.shotId });
    expect(check.ok && (check.value as PolicyCheck).allowed).toBe(true);

    const current = (saved.ok ? saved.value : null) as Shot;
    expect(current.revision).toBe(shot.revision + 1);
    const expired = await dispatch('shots.save', {
      shot: { ...current, twin: { ...current.twin, licenceId: 'lic_ada_old' } },
    });
    expect(expired.ok).toBe(true);
    const refused = await dispatch('shots.check', { shotId: shot.shotId });
    const decision = (refused.ok ? refused.value : null) as PolicyCheck;
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.code).toBe('LICENCE_EXPIRED');
    expect(decision.advice).toContain('expired on 1 Oct 2026');
  });

  it('answers SERVICE_UNAVAILABLE for a service that is not wired, never made-up data', async () => {
    const jobs = await dispatch('render.jobs', {});
    expect(jobs.ok ? null : jobs.error.code).toBe('SERVICE_UNAVAILABLE');
    const info = await dispatch('app.info', {});
    expect(info.ok && info.value).toMatchObject({ services: { render: false, outputs: false, sync: false } });
    const settings = await dispatch('settings.get', {});
    expect(settings.ok && settings.value).toMatchObject({ executionProvider: 'auto', providers: null });
  });

  it("reports package.json's version as the app version", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const info = await dispatch('app.info', {});
    expect(info.ok && (info.value as { version: string }).version).toBe(version);
  });

  it('turns a core error into its stable code', async () => {
    const result = await dispatch('shots.get', { shotId: 'no_such_shot' });
    expect(result.ok ? null : result.error.code).toBe('SHOT_NOT_FOUND');
  });
});
