import type { Point, Shot, Transform } from '../../src/contract/index.ts';
import { nextZ, reorderCommand, type Command } from './commands.ts';
import { corners, pointInRect } from './geometry.ts';
import { emptyHistory, record, redo, undo, type History } from './history.ts';
import { garmentIdOf, garmentLayerId, layersOf, type EditorAssets, type Layer, type LayerId } from './model.ts';
import { createSelectTool, type Handle, type Hit, type PointerInfo, type ToolStateName } from './selectTool.ts';
import type { Guide } from './snapping.ts';
import { fit, toScreen, zoomAt, type Viewport } from './viewport.ts';

export type EditorChange = 'doc' | 'transient' | 'view' | 'selection' | 'state';
export type KeyAction = 'handled' | 'save' | 'render' | 'proof' | null;

const HANDLE_PX = 9;
const ROTATE_OFFSET_PX = 28;

/**
 * The headless canvas editor: the shot, its undo history, the selection, the viewport and the active tool.
 * Components render from it and forward pointer and key events to it; tests drive it the same way.
 */
export function createEditor(init: { shot: Shot; assets: EditorAssets; now?: () => number }) {
  let shot = init.shot;
  let assets = init.assets;
  let history: History = emptyHistory();
  let selection: LayerId | null = null;
  let view: Viewport = { zoom: 1, panX: 0, panY: 0 };
  let viewSize = { width: 800, height: 600 };
  let transient: { transform: Transform; guides: Guide[] } | null = null;
  const now = init.now ?? (() => Date.now());
  const listeners = new Set<(change: EditorChange) => void>();
  const emit = (change: EditorChange) => listeners.forEach((l) => l(change));

  const layers = (): Layer[] => layersOf(shot, assets, transient?.transform ?? shot.twin.transform);
  const selectedLayer = (): Layer | undefined => layers().find((l) => l.id === selection);

  function handles(): { handle: Handle; at: Point }[] {
    const layer = selectedLayer();
    if (!layer) return [];
    const [nw, ne, se, sw] = corners(layer.matrix, layer.bounds).map((p) => toScreen(view, p)) as [
      Point,
      Point,
      Point,
      Point,
    ];
    const top = { x: (nw.x + ne.x) / 2, y: (nw.y + ne.y) / 2 };
    const up = { x: nw.x - sw.x, y: nw.y - sw.y };
    const len = Math.hypot(up.x, up.y) || 1;
    return [
      { handle: 'nw', at: nw },
      { handle: 'ne', at: ne },
      { handle: 'se', at: se },
      { handle: 'sw', at: sw },
      {
        handle: 'rotate',
        at: { x: top.x + (up.x / len) * ROTATE_OFFSET_PX, y: top.y + (up.y / len) * ROTATE_OFFSET_PX },
      },
    ];
  }

  /** Handles first, then layers top-down; hidden layers are not hit. Points are in screen (stage) pixels. */
  function hitTest(screen: Point): Hit {
    for (const h of handles())
      if (Math.hypot(h.at.x - screen.x, h.at.y - screen.y) <= HANDLE_PX) return { kind: 'handle', handle: h.handle };
    const doc = { x: (screen.x - view.panX) / view.zoom, y: (screen.y - view.panY) / view.zoom };
    const hit = [...layers()].reverse().find((l) => !l.hidden && pointInRect(l.matrix, l.bounds, doc));
    return hit ? { kind: 'layer', id: hit.id } : null;
  }

  const commit = (command: Command) => {
    const next = record(shot, history, command, now());
    shot = next.shot;
    history = next.history;
    emit('doc');
  };

  const tool = createSelectTool({
    shot: () => shot,
    assets: () => assets,
    viewport: () => view,
    hitTest,
    select: (id) => editor.select(id),
    selection: () => selection,
    setTransient(value) {
      transient = value;
      emit('transient');
    },
    commitTransform(before, after, label) {
      if (
        before.x === after.x &&
        before.y === after.y &&
        before.scale === after.scale &&
        before.rotation === after.rotation
      )
        return;
      commit({ kind: 'transform', before, after, label });
    },
    setViewport(v) {
      view = v;
      emit('view');
    },
  });

  const stateChange = <T>(fn: () => T): T => {
    const before = tool.state();
    const out = fn();
    if (tool.state() !== before) emit('state');
    return out;
  };

  const editor = {
    shot: () => shot,
    assets: () => assets,
    layers,
    handles,
    hitTest,
    selection: () => selection,
    viewport: () => view,
    transient: () => transient,
    state: (): ToolStateName => tool.state(),
    canUndo: () => history.past.length > 0,
    canRedo: () => history.future.length > 0,

    subscribe(listener: (change: EditorChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** A different shot (opened or reloaded): history starts over. */
    load(next: Shot, nextAssets: EditorAssets): void {
      shot = next;
      assets = nextAssets;
      history = emptyHistory();
      transient = null;
      if (selection && !layers().some((l) => l.id === selection)) selection = null;
      emit('doc');
    },
    setAssets(next: EditorAssets): void {
      assets = next;
      emit('doc');
    },
    perform(command: Command): void {
      commit(command);
    },
    undo(): boolean {
      tool.cancel();
      const r = undo(shot, history);
      if (!r) return false;
      ({ shot, history } = r);
      emit('doc');
      return true;
    },
    redo(): boolean {
      const r = redo(shot, history);
      if (!r) return false;
      ({ shot, history } = r);
      emit('doc');
      return true;
    },
    select(id: LayerId | null): void {
      if (id === selection) return;
      selection = id;
      emit('selection');
    },

    setViewSize(size: { width: number; height: number }): void {
      viewSize = size;
    },
    fitToView(): void {
      view = fit(viewSize, shot.output);
      emit('view');
    },
    panBy(dx: number, dy: number): void {
      view = { ...view, panX: view.panX + dx, panY: view.panY + dy };
      emit('view');
    },
    zoomBy(factor: number, anchor: Point = { x: viewSize.width / 2, y: viewSize.height / 2 }): void {
      view = zoomAt(view, anchor, factor);
      emit('view');
    },

    pointerDown: (p: PointerInfo) => stateChange(() => tool.pointerDown(p)),
    pointerMove: (p: PointerInfo) => stateChange(() => tool.pointerMove(p)),
    pointerUp: () => stateChange(() => tool.pointerUp()),

    setTransform(after: Transform, label = 'Edit', mergeKey?: string): void {
      commit({
        kind: 'transform',
        before: { ...shot.twin.transform },
        after,
        label,
        ...(mergeKey ? { mergeKey } : {}),
      });
    },
    nudge(dx: number, dy: number): void {
      if (!selection) return;
      const t = shot.twin.transform;
      editor.setTransform({ ...t, x: t.x + dx, y: t.y + dy }, 'Nudge', 'nudge');
    },
    toggleHidden(id: LayerId): void {
      const garmentId = garmentIdOf(id);
      const before = garmentId ? shot.garments.find((g) => g.garmentId === garmentId)?.hidden : shot.twin.hidden;
      if (before === undefined) return;
      commit({ kind: 'hide', layer: id, before, after: !before });
    },
    reorder(id: LayerId, direction: 1 | -1): boolean {
      const garmentId = garmentIdOf(id);
      const command = garmentId ? reorderCommand(shot, garmentId, direction) : null;
      if (!command) return false;
      commit(command);
      return true;
    },
    addGarment(garmentId: string): void {
      if (shot.garments.some((g) => g.garmentId === garmentId)) {
        editor.select(garmentLayerId(garmentId));
        return;
      }
      commit({ kind: 'addGarment', garment: { garmentId, z: nextZ(shot), fit: 'tps', hidden: false } });
      editor.select(garmentLayerId(garmentId));
    },
    removeLayer(id: LayerId): void {
      const garmentId = garmentIdOf(id);
      const garment = shot.garments.find((g) => g.garmentId === garmentId);
      if (garment) {
        commit({ kind: 'removeGarment', garment });
        editor.select(null);
      } else if (id === 'twin' && !shot.twin.hidden) {
        // A shot always has its twin; deleting it hides it, and undo brings it back.
        editor.toggleHidden('twin');
      }
    },

    /** Keyboard shortcuts; returns what the host must do for the ones that leave the editor (save, render). */
    keyDown(key: { key: string; ctrl?: boolean; shift?: boolean }): KeyAction {
      const mod = key.ctrl ?? false;
      const k = key.key;
      if (mod && (k === 'z' || k === 'Z')) return (key.shift ? editor.redo() : editor.undo(), 'handled');
      if (mod && (k === 'y' || k === 'Y')) return (editor.redo(), 'handled');
      if (mod && (k === 's' || k === 'S')) return 'save';
      if (mod) return null;
      if (k === 'Escape') {
        if (!stateChange(() => tool.cancel())) editor.select(null);
        return 'handled';
      }
      if ((k === 'Delete' || k === 'Backspace') && selection) return (editor.removeLayer(selection), 'handled');
      if (k === '[' && selection) return (editor.reorder(selection, -1), 'handled');
      if (k === ']' && selection) return (editor.reorder(selection, 1), 'handled');
      if ((k === 'h' || k === 'H') && selection) return (editor.toggleHidden(selection), 'handled');
      const step = key.shift ? 10 : 1;
      const arrows: Record<string, [number, number]> = {
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
        ArrowUp: [0, -step],
        ArrowDown: [0, step],
      };
      const arrow = arrows[k];
      if (arrow && selection) return (editor.nudge(arrow[0], arrow[1]), 'handled');
      if (k === '+' || k === '=') return (editor.zoomBy(1.25), 'handled');
      if (k === '-' || k === '_') return (editor.zoomBy(0.8), 'handled');
      if (k === '0') return (editor.fitToView(), 'handled');
      if (k === 'r' || k === 'R') return 'render';
      if (k === 'p' || k === 'P') return 'proof';
      return null;
    },
  };
  return editor;
}
export type Editor = ReturnType<typeof createEditor>;
