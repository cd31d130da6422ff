import type { Shot } from '../../../src/contract/index.ts';
import { DisposableStore, type Disposable } from '../../../src/lifecycle/index.ts';
import { createEditor, type Editor } from '../../editor/index.ts';
import { assetsFor } from './assets.ts';
import { pickFirstShot, rememberedShot, rememberShot } from './firstShot.ts';
import type { ShotSlice, Slice } from './types.ts';

const AUTOSAVE_MS = 700;

/**
 * The open shot. The editor owns the document and its history; this slice mirrors what React needs
 * (committed shot, selection, undo state) and autosaves after edits settle. Per-frame drag updates never
 * pass through here: the canvas takes them from the editor directly.
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

  const checkPolicy = async (shotId: string) => {
    try {
      set({ policy: await client.call('shots.check', { shotId }) });
    } catch {
      set({ policy: null });
    }
  };

  const save = async (): Promise<void> => {
    cancelAutosave();
    const { shot } = get();
    if (!shot) return;
    set({ save: { state: 'saving', at: get().save.at, message: null } });
    try {
      await client.call('shots.save', { shot });
      if (get().shot === shot) set({ save: { state: 'saved', at: new Date().toISOString(), message: null } });
      else set({ save: { ...get().save, state: 'dirty' } });
      set({ shots: get().shots.map((s) => (s.shotId === shot.shotId ? shot : s)) });
      await checkPolicy(shot.shotId);
    } catch (error) {
      set({ save: { state: 'error', at: get().save.at, message: (error as Error).message } });
    }
  };

  const attach = (editor: Editor) => {
    attached.dispose();
    attached = new DisposableStore();
    autosave = undefined;
    attached.addUndo(editor.subscribe((change) => {
      if (change === 'doc') {
        const shot = editor.shot();
        const previous = get().shot;
        if (previous && (previous.scene.sceneId !== shot.scene.sceneId || previous.twin.poseId !== shot.twin.poseId)) {
          // Another scene or pose: the editor needs that image's size, keypoints and floor line.
          set({ shot });
          editor.setAssets(assetsFor(shot, get()));
        }
        if (shot !== previous) {
          set({ shot, canUndo: editor.canUndo(), canRedo: editor.canRedo(), save: { ...get().save, state: 'dirty' } });
          cancelAutosave();
          autosave = attached.setTimeout(() => void (saving = save()), AUTOSAVE_MS);
        }
      } else if (change === 'selection') set({ selection: editor.selection() });
      else if (change === 'view') set({ zoom: editor.viewport().zoom });
    }));
  };

  const open = (shot: Shot) => {
    const editor = createEditor({ shot, assets: assetsFor(shot, get()) });
    attach(editor);
    rememberShot(shot.shotId);
    set({ shot, editor, selection: null, canUndo: false, canRedo: false, save: { state: 'saved', at: null, message: null }, policy: null });
    void checkPolicy(shot.shotId);
  };

  return {
    shots: [],
    shot: null,
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
      const canRender = async (shotId: string) => (await client.call('shots.check', { shotId }).catch(() => null))?.allowed === true;
      const first = await pickFirstShot(shots, rememberedShot(), canRender);
      if (first && !get().shot) open(first);
    },
    async openShot(shotId) {
      if (get().save.state === 'dirty') await save();
      open(await client.call('shots.get', { shotId }));
    },
    async createShot(input) {
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
  };
};
