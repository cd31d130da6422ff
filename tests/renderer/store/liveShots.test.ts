import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand';
import { createStudioClient } from '../../../renderer/src/client/studioClient.ts';
import type { Transport } from '../../../renderer/src/client/transport.ts';
import { mergeShots } from '../../../renderer/src/store/mergeShot.ts';
import { applyEvent, createStudioStore } from '../../../renderer/src/store/store.ts';
import type { StudioState } from '../../../renderer/src/store/types.ts';
import { createDispatcher, createStudioHandlers } from '../../../src/api/index.ts';
import type { Shot, StudioEvent } from '../../../src/contract/index.ts';
import type { Workspace } from '../../../src/workspace/index.ts';
import { buildStudioWorkspace } from '../../helpers/studioFixture.ts';

let dir: string;
let ws: Workspace;
let studio: ReturnType<typeof createStudioHandlers>;
let shotId: string;
let otherShotId: string;

/** A window: its own store on the real handlers, events applied as main.tsx applies them (unless `deaf`). */
function openWindow(): { store: StoreApi<StudioState>; deaf: { on: boolean }; offline: { on: boolean } } {
  const dispatch = createDispatcher(studio.handlers);
  const deaf = { on: false };
  const offline = { on: false };
  const transport: Transport = {
    mode: 'browser',
    call: async (method, input) =>
      offline.on
        ? { ok: false, error: { code: 'STUDIO_UNREACHABLE', message: 'The studio server did not answer', details: {} } }
        : dispatch(method, input),
    onEvent: () => () => {},
    fileUrl: (r) => r,
    stage: async () => ({ dir: '', paths: [] }),
  };
  const store = createStudioStore(createStudioClient(transport));
  studio.events.subscribe((event: StudioEvent) => !deaf.on && applyEvent(store, event));
  return { store, deaf, offline };
}

async function opened(): Promise<ReturnType<typeof openWindow>> {
  const w = openWindow();
  await w.store.getState().refreshLibrary();
  await w.store.getState().openShot(shotId);
  return w;
}

const edit = (store: StoreApi<StudioState>, after: { name?: string; look?: Shot['look'] }) => {
  const { editor, shot } = store.getState();
  editor!.perform({ kind: 'patch', label: 'edit', before: { name: shot!.name, look: shot!.look }, after });
};
const stored = () => ws.shots.load(shotId);
/** Lets events and the answers they trigger land. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'studio-live-'));
  ({ ws } = await buildStudioWorkspace(dir));
  studio = createStudioHandlers({ workspace: ws, mode: 'browser' });
  const created = await createDispatcher(studio.handlers)('shots.create', {
    name: 'Look',
    sceneId: 'studio-grey',
    twinId: 'tw_ada',
    poseId: 'front',
    licenceId: 'lic_ada_2026',
  });
  shotId = (created as { value: Shot }).value.shotId;
  const other = await createDispatcher(studio.handlers)('shots.create', {
    name: 'Other',
    sceneId: 'studio-grey',
    twinId: 'tw_ada',
    poseId: 'front',
    licenceId: 'lic_ada_2026',
  });
  otherShotId = (other as { value: Shot }).value.shotId;
});
afterAll(() => {
  studio.close();
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two windows on one shot', () => {
  it('a save in one window shows in the other (unedited) at once, at the new revision', async () => {
    const a = await opened();
    const b = await opened();
    edit(a.store, { name: 'Renamed in A' });
    await a.store.getState().saveNow();
    await settle();
    expect(b.store.getState().shot).toMatchObject({ name: 'Renamed in A', revision: stored().revision });
    expect(b.store.getState().editor!.shot().name).toBe('Renamed in A');
    expect(b.store.getState().save.state).toBe('saved');
    expect(b.store.getState().shots.find((s) => s.shotId === shotId)?.name).toBe('Renamed in A');
  });

  it('an edited window is asked, not overwritten; merging keeps both edits when they touch different parts', async () => {
    const a = await opened();
    const b = await opened();
    edit(b.store, { look: { shadow: 0.2, harmonize: 0.5 } });
    edit(a.store, { name: 'Name from A' });
    await a.store.getState().saveNow();
    await settle();
    const s = b.store.getState();
    expect(s.save.state).toBe('conflict');
    expect(s.conflict).toMatchObject({ mergeable: true, theirs: { name: 'Name from A' } });
    expect(s.shot!.look.shadow).toBe(0.2);
    await s.saveNow();
    expect(stored()).toMatchObject({ name: 'Name from A', look: { shadow: 0.6 } });

    await b.store.getState().resolveConflict('merge');
    expect(stored()).toMatchObject({ name: 'Name from A', look: { shadow: 0.2 } });
    expect(b.store.getState()).toMatchObject({ conflict: null, save: { state: 'saved' } });
    await settle();
    expect(a.store.getState().shot).toMatchObject({
      name: 'Name from A',
      look: { shadow: 0.2 },
      revision: stored().revision,
    });
  });

  it('a window that missed the event saves a stale copy: refused, then offered reload or keep mine; nothing is lost', async () => {
    const a = await opened();
    const b = await opened();
    b.deaf.on = true;
    edit(a.store, { name: 'A wins the race' });
    await a.store.getState().saveNow();
    edit(b.store, { name: 'B was behind' });
    await b.store.getState().saveNow();
    expect(stored().name).toBe('A wins the race');
    expect(b.store.getState()).toMatchObject({
      save: { state: 'conflict' },
      conflict: { mergeable: false, theirs: { name: 'A wins the race' } },
    });
    expect(b.store.getState().shot!.name).toBe('B was behind');
    // Opening another shot now would drop B's edit: it is refused until the conflict is resolved.
    await b.store.getState().openShot(otherShotId);
    expect(b.store.getState().shot).toMatchObject({ shotId, name: 'B was behind' });
    expect(b.store.getState().notices.at(-1)?.title).toBe('This shot has unsaved edits');

    await b.store.getState().resolveConflict('keep');
    expect(stored()).toMatchObject({ name: 'B was behind' });

    b.deaf.on = false;
    edit(b.store, { name: 'B again' });
    a.deaf.on = true;
    edit(a.store, { name: 'A behind now' });
    await b.store.getState().saveNow();
    await a.store.getState().saveNow();
    expect(a.store.getState().save.state).toBe('conflict');
    await a.store.getState().resolveConflict('reload');
    expect(a.store.getState()).toMatchObject({ shot: { name: 'B again' }, conflict: null, save: { state: 'saved' } });
    expect(stored().name).toBe('B again');
  });
});

describe('a window whose event stream was cut', () => {
  it('catches up when the stream is back: the open shot, unedited, takes what was saved meanwhile', async () => {
    const a = await opened();
    const b = await opened();
    b.deaf.on = true;
    edit(a.store, { name: 'Saved while B was cut off' });
    await a.store.getState().saveNow();
    await settle();
    expect(b.store.getState().shot!.name).not.toBe('Saved while B was cut off');
    b.deaf.on = false;
    applyEvent(b.store, { type: 'events.resumed' });
    await settle();
    expect(b.store.getState()).toMatchObject({
      shot: { name: 'Saved while B was cut off', revision: stored().revision },
      save: { state: 'saved' },
    });
    expect(b.store.getState().shots.find((s) => s.shotId === shotId)?.name).toBe('Saved while B was cut off');
  });
});

describe('a window whose save failed', () => {
  it("still holds its edit: another window's save asks instead of replacing it", async () => {
    const a = await opened();
    const b = await opened();
    b.offline.on = true;
    edit(b.store, { name: 'Not saved: the server was away' });
    await b.store.getState().saveNow();
    expect(b.store.getState().save.state).toBe('error');
    b.offline.on = false;
    edit(a.store, { name: 'Saved by A meanwhile' });
    await a.store.getState().saveNow();
    await settle();
    expect(b.store.getState()).toMatchObject({
      save: { state: 'conflict' },
      shot: { name: 'Not saved: the server was away' },
    });
  });
});

describe('mergeShots', () => {
  it('takes each part from whoever changed it and names the parts both changed', () => {
    const base = stored();
    const mine = { ...base, name: 'Mine', twin: { ...base.twin, transform: { ...base.twin.transform, x: 1 } } };
    const theirs = {
      ...base,
      revision: base.revision + 1,
      look: { shadow: 0, harmonize: 0 },
      twin: { ...base.twin, transform: { ...base.twin.transform, x: 2 } },
    };
    expect(mergeShots(base, mine, theirs).conflicts).toEqual(['placement']);
    const clean = mergeShots(base, { ...mine, twin: base.twin }, theirs);
    expect(clean.conflicts).toEqual([]);
    expect(clean.shot).toMatchObject({
      name: 'Mine',
      look: { shadow: 0 },
      twin: { transform: { x: 2 } },
      revision: base.revision + 1,
    });
  });
});
