import { StudioApiError, type Shot } from '../../../src/contract/index.ts';
import { DisposableStore, type Disposable } from '../../../src/lifecycle/index.ts';
import { createEditor, type Editor } from '../../editor/index.ts';
import { assetsFor } from './assets.ts';
import { pickFirstShot, rememberedShot, rememberShot } from './firstShot.ts';
import { mergeShots } from './mergeShot.ts';
import type { ShotSlice, Slice } from './types.ts';

const AUTOSAVE_MS = 700;

/**
 * The open shot. The editor owns the document and its history; this slice mirrors what React needs
 * (committed shot, selection, undo state) and autosaves after edits settle. Per-frame drag updates never
 * pass through here: the canvas takes them from the editor directly.
 *
 * Every save names the revision it was edited from (`shotBase`, the last version known to be stored). When
 * another window saved first, the core refuses it (SHOT_STALE) and the slice holds a `conflict` until the user
 * reloads theirs, keeps mine or merges the two; a saved shot from another window (`shot.saved` event) replaces
 * an unedited copy at once and turns an edited one into that same conflict. Nothing is overwritten unasked.
 */
export const createShotSlice: Slice<ShotSlice> = (set, get, client) => {
  // What the open editor owns here: its subscription and the pending autosave; opening another shot ends both.
  let attached = new DisposableStore();
  let autosave: Disposable | undefined;
  const cancelAutosave = () => {
    if (autosave) attached.delete(autosave);
    autosave = undefined;
  };
  let saving: Promise<void> | null = null;
  let inFlight = false;
  /** A newer stored version announced while this window's own save was on its way, looked at when it lands. */
  let announced: Shot | null = null;

  const checkPolicy = async (shotId: string) => {
    try {
      set({ policy: await client.call('shots.check', { shotId }) });
    } catch {
      set({ policy: null });
    }
  };

  const listed = (stored: Shot) => {
    const shots = get().shots;
    set({
      shots: shots.some((s) => s.shotId === stored.shotId)
        ? shots.map((s) => (s.shotId === stored.shotId ? stored : s))
        : [...shots, stored],
    });
  };

  /** Shows `next` as the stored version (reloaded or merged): the editor's history starts over from it. */
  const replaceWith = (next: Shot, base: Shot, state: 'saved' | 'dirty') => {
    cancelAutosave();
    set({ shot: next, shotBase: base, conflict: null, save: { state, at: get().save.at, message: null } });
    get().editor?.load(next, assetsFor(next, get()));
  };

  const conflictWith = (theirs: Shot) => {
    cancelAutosave();
    const { shot, shotBase } = get();
    const mergeable = shot !== null && shotBase !== null && mergeShots(shotBase, shot, theirs).conflicts.length === 0;
    set({
      conflict: { theirs, mergeable },
      save: {
        state: 'conflict',
        at: get().save.at,
        message: `Saved in another window (revision ${theirs.revision}) while you were editing`,
      },
    });
  };

  /** Another window stored `theirs`: take it when nothing here is unsaved, else ask. */
  const arrived = (theirs: Shot) => {
    const { shot, shotBase, save: state } = get();
    if (!shot || shot.shotId !== theirs.shotId || theirs.revision <= (shotBase?.revision ?? -1)) return;
    if (inFlight) {
      announced = theirs;
      return;
    }
    // Only a copy with nothing unsaved is replaced: a failed save ('error') still holds edits.
    if (state.state === 'saved') {
      replaceWith(theirs, theirs, 'saved');
      void checkPolicy(theirs.shotId);
    } else conflictWith(theirs);
  };

  /** True (and says so) while a conflict holds unsaved edits that opening another shot would drop. */
  const unresolved = (): boolean => {
    if (!get().conflict) return false;
    get().notify({
      tone: 'error',
      title: 'This shot has unsaved edits',
      body: 'Reload, keep yours or merge before opening another shot',
    });
    return true;
  };

  const save = async (): Promise<void> => {
    cancelAutosave();
    const { shot, shotBase } = get();
    if (!shot || get().conflict) return;
    set({ save: { state: 'saving', at: get().save.at, message: null } });
    inFlight = true;
    try {
      const stored = await client.call('shots.save', {
        shot: { ...shot, revision: shotBase?.revision ?? shot.revision },
      });
      inFlight = false;
      set({ shotBase: stored });
      if (get().shot === shot) set({ save: { state: 'saved', at: new Date().toISOString(), message: null } });
      else set({ save: { ...get().save, state: 'dirty' } });
      listed(stored);
      await checkPolicy(shot.shotId);
    } catch (error) {
      inFlight = false;
      if (error instanceof StudioApiError && error.code === 'SHOT_STALE') {
        conflictWith(await client.call('shots.get', { shotId: shot.shotId }));
        return;
      }
      set({ save: { state: 'error', at: get().save.at, message: (error as Error).message } });
    } finally {
      const later = announced;
      announced = null;
      if (later) arrived(later);
    }
  };

  const attach = (editor: Editor) => {
    attached.dispose();
    attached = new DisposableStore();
    autosave = undefined;
    attached.addUndo(
      editor.subscribe((change) => {
        if (change === 'doc') {
          const shot = editor.shot();
          const previous = get().shot;
          if (
            previous &&
            (previous.scene.sceneId !== shot.scene.sceneId || previous.twin.poseId !== shot.twin.poseId)
          ) {
            // Another scene or pose: the editor needs that image's size, keypoints and floor line.
            set({ shot });
            editor.setAssets(assetsFor(shot, get()));
          }
          if (shot !== previous) {
            // A licence or use changed: a refusal shown for the old one no longer applies.
            if (previous && (previous.twin.licenceId !== shot.twin.licenceId || previous.use !== shot.use))
              set({ renderError: null });
            const state = get().conflict ? 'conflict' : 'dirty';
            set({ shot, canUndo: editor.canUndo(), canRedo: editor.canRedo(), save: { ...get().save, state } });
            cancelAutosave();
            autosave = attached.setTimeout(() => void (saving = save()), AUTOSAVE_MS);
          }
        } else if (change === 'selection') set({ selection: editor.selection() });
        else if (change === 'view') set({ zoom: editor.viewport().zoom });
      }),
    );
  };

  const open = (shot: Shot) => {
    const editor = createEditor({ shot, assets: assetsFor(shot, get()) });
    attach(editor);
    rememberShot(shot.shotId);
    announced = null;
    set({
      shot,
      shotBase: shot,
      conflict: null,
      editor,
      selection: null,
      canUndo: false,
      canRedo: false,
      save: { state: 'saved', at: null, message: null },
      policy: null,
    });
    void checkPolicy(shot.shotId);
  };

  return {
    shots: [],
    shot: null,
    shotBase: null,
    conflict: null,
    editor: null,
    selection: null,
    canUndo: false,
    canRedo: false,
    zoom: 1,
    save: { state: 'saved', at: null, message: null },
    policy: null,
    async refreshShots() {
      const shots = await client.call('shots.list', {});
      set({ shots });
      if (get().shot) return;
      const canRender = async (shotId: string) =>
        (await client.call('shots.check', { shotId }).catch(() => null))?.allowed === true;
      const first = await pickFirstShot(shots, rememberedShot(), canRender);
      if (first && !get().shot) open(first);
    },
    async openShot(shotId) {
      if (unresolved()) return;
      if (get().save.state === 'dirty') await save();
      open(await client.call('shots.get', { shotId }));
    },
    async createShot(input) {
      if (unresolved()) return;
      try {
        if (get().save.state === 'dirty') await save();
        const shot = await client.call('shots.create', input);
        set({ shots: [...get().shots, shot] });
        open(shot);
      } catch (error) {
        get().notify({ tone: 'error', title: 'Could not create the shot', body: (error as Error).message });
      }
    },
    async saveNow() {
      await saving;
      await save();
    },
    shotSaved(stored, created) {
      listed(stored);
      if (!created) arrived(stored);
    },
    async resolveConflict(choice) {
      const { conflict, shot, shotBase } = get();
      if (!conflict || !shot) return;
      const { theirs } = conflict;
      if (choice === 'reload') {
        replaceWith(theirs, theirs, 'saved');
        await checkPolicy(theirs.shotId);
        return;
      }
      if (choice === 'merge') {
        const merged = shotBase ? mergeShots(shotBase, shot, theirs) : null;
        if (!merged || merged.conflicts.length > 0) return;
        replaceWith(merged.shot, theirs, 'dirty');
      } else set({ shotBase: theirs, conflict: null, save: { ...get().save, state: 'dirty' } });
      await save();
    },
    async catchUp() {
      const open = get().shot;
      if (!open) return;
      try {
        arrived(await client.call('shots.get', { shotId: open.shotId }));
      } catch {
        // Still away: the next reconnect asks again.
      }
    },
    refreshPolicy: async () => {
      const shot = get().shot;
      if (shot) await checkPolicy(shot.shotId);
    },
  };
};
