import type { Point, Transform } from '../../src/contract/index.ts';
import { normaliseDegrees } from './geometry.ts';
import type { LayerId } from './model.ts';
import { snapMove, snapRotation, type Guide } from './snapping.ts';
import type { Viewport } from './viewport.ts';
import type { Shot } from '../../src/contract/index.ts';
import type { EditorAssets } from './model.ts';

export type ToolStateName =
  'select.idle' | 'select.pointing' | 'select.dragging' | 'select.scaling' | 'select.rotating' | 'select.panning';
export type Handle = 'nw' | 'ne' | 'se' | 'sw' | 'rotate';
export type Hit = { kind: 'handle'; handle: Handle } | { kind: 'layer'; id: LayerId } | null;

/** What the tool may read and ask of the editor; the tool keeps only its own gesture state. */
export interface ToolHost {
  shot(): Shot;
  assets(): EditorAssets;
  viewport(): Viewport;
  hitTest(screen: Point): Hit;
  select(id: LayerId | null): void;
  selection(): LayerId | null;
  setTransient(value: { transform: Transform; guides: Guide[] } | null): void;
  commitTransform(before: Transform, after: Transform, label: string): void;
  setViewport(v: Viewport): void;
}

export interface PointerInfo {
  x: number;
  y: number;
  button?: number;
  shift?: boolean;
  /** Space held or the middle button: the gesture pans whatever is under it. */
  pan?: boolean;
}

type Gesture =
  | { name: 'select.idle' }
  | { name: 'select.pointing'; start: Point; startTransform: Transform }
  | { name: 'select.dragging'; start: Point; startTransform: Transform; current: Transform }
  | { name: 'select.scaling'; start: Point; startTransform: Transform; current: Transform }
  | { name: 'select.rotating'; start: Point; startTransform: Transform; current: Transform }
  | { name: 'select.panning'; start: Point; startView: Viewport };

/** Screen pixels a press must travel before it becomes a drag, so a click never nudges a layer. */
export const DRAG_THRESHOLD = 3;

const angle = (c: Point, p: Point) => (Math.atan2(p.y - c.y, p.x - c.x) * 180) / Math.PI;

/** The select tool: Idle → Pointing → Dragging (or Scaling / Rotating via handles, Panning on empty canvas). */
export function createSelectTool(host: ToolHost) {
  let gesture: Gesture = { name: 'select.idle' };
  const centreOnScreen = (t: Transform): Point => {
    const v = host.viewport();
    return { x: t.x * v.zoom + v.panX, y: t.y * v.zoom + v.panY };
  };

  return {
    state: (): ToolStateName => gesture.name,

    pointerDown(p: PointerInfo): void {
      const startTransform = { ...host.shot().twin.transform };
      const start = { x: p.x, y: p.y };
      if (p.pan || p.button === 1) {
        gesture = { name: 'select.panning', start, startView: host.viewport() };
        return;
      }
      const hit = host.hitTest(start);
      if (hit?.kind === 'handle') {
        gesture =
          hit.handle === 'rotate'
            ? { name: 'select.rotating', start, startTransform, current: startTransform }
            : { name: 'select.scaling', start, startTransform, current: startTransform };
        return;
      }
      if (hit?.kind === 'layer') {
        host.select(hit.id);
        gesture = { name: 'select.pointing', start, startTransform };
        return;
      }
      host.select(null);
      gesture = { name: 'select.panning', start, startView: host.viewport() };
    },

    pointerMove(p: PointerInfo): void {
      const v = host.viewport();
      switch (gesture.name) {
        case 'select.idle':
          return;
        case 'select.panning':
          host.setViewport({
            ...gesture.startView,
            panX: gesture.startView.panX + p.x - gesture.start.x,
            panY: gesture.startView.panY + p.y - gesture.start.y,
          });
          return;
        case 'select.pointing':
          if (Math.hypot(p.x - gesture.start.x, p.y - gesture.start.y) < DRAG_THRESHOLD) return;
          gesture = {
            name: 'select.dragging',
            start: gesture.start,
            startTransform: gesture.startTransform,
            current: gesture.startTransform,
          };
          this.pointerMove(p);
          return;
        case 'select.dragging': {
          const candidate = {
            ...gesture.startTransform,
            x: gesture.startTransform.x + (p.x - gesture.start.x) / v.zoom,
            y: gesture.startTransform.y + (p.y - gesture.start.y) / v.zoom,
          };
          const snapped = p.shift
            ? { transform: candidate, guides: [] }
            : snapMove(candidate, host.shot(), host.assets(), v.zoom);
          gesture.current = snapped.transform;
          host.setTransient(snapped);
          return;
        }
        case 'select.scaling': {
          const c = centreOnScreen(gesture.startTransform);
          const ratio =
            Math.hypot(p.x - c.x, p.y - c.y) / Math.max(1, Math.hypot(gesture.start.x - c.x, gesture.start.y - c.y));
          const scale = Math.min(20, Math.max(0.02, gesture.startTransform.scale * ratio));
          gesture.current = { ...gesture.startTransform, scale };
          host.setTransient({ transform: gesture.current, guides: [] });
          return;
        }
        case 'select.rotating': {
          const c = centreOnScreen(gesture.startTransform);
          const turned = normaliseDegrees(gesture.startTransform.rotation + angle(c, p) - angle(c, gesture.start));
          gesture.current = { ...gesture.startTransform, rotation: snapRotation(turned, p.shift ?? false) };
          host.setTransient({ transform: gesture.current, guides: [] });
          return;
        }
      }
    },

    pointerUp(): void {
      const g = gesture;
      gesture = { name: 'select.idle' };
      if (g.name === 'select.dragging' || g.name === 'select.scaling' || g.name === 'select.rotating') {
        host.setTransient(null);
        const label = g.name === 'select.dragging' ? 'Move' : g.name === 'select.scaling' ? 'Scale' : 'Rotate';
        host.commitTransform(g.startTransform, g.current, label);
      }
    },

    /** Escape mid-gesture: put everything back as it was before the press. */
    cancel(): boolean {
      const g = gesture;
      gesture = { name: 'select.idle' };
      if (g.name === 'select.panning') host.setViewport(g.startView);
      if (g.name === 'select.dragging' || g.name === 'select.scaling' || g.name === 'select.rotating')
        host.setTransient(null);
      return g.name !== 'select.idle';
    },
  };
}
export type SelectTool = ReturnType<typeof createSelectTool>;
