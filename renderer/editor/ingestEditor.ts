import type { BrushStroke } from '../../src/contract/index.ts';

/** One point being edited: where it is (cut-out pixels) and whether the user hid it (Del). */
export interface EditPoint {
  x: number;
  y: number;
  hidden: boolean;
}

/** What undo and redo step through in the Ingest view: the points and the brush strokes. */
export interface IngestDoc {
  points: Record<string, EditPoint>;
  /** The cut-out brush: strokes that add to or take from the cut-out's alpha. */
  strokes: BrushStroke[];
  /**
   * A pose's front-parts brush, painted onto the mask suggested from its points (src/contract/frontParts.ts): the
   * forearms and hands in front of worn garments.
   */
  front: BrushStroke[];
}

export interface IngestHistory {
  doc: IngestDoc;
  past: IngestDoc[];
  future: IngestDoc[];
  /** Edits with the same key inside a short window (a drag, arrow nudges) fold into one undo step. */
  lastKey: string | null;
  lastAt: number;
}

const MERGE_WINDOW_MS = 800;
const LIMIT = 200;

export const startHistory = (doc: IngestDoc): IngestHistory => ({
  doc,
  past: [],
  future: [],
  lastKey: null,
  lastAt: 0,
});

/** Applies an edit; `key` (e.g. `move:left_knee`) merges it with the previous edit of the same key. */
export function edit(h: IngestHistory, next: IngestDoc, key: string | null, now: number): IngestHistory {
  if (key !== null && key === h.lastKey && now - h.lastAt < MERGE_WINDOW_MS)
    return { ...h, doc: next, future: [], lastAt: now };
  return { doc: next, past: [...h.past, h.doc].slice(-LIMIT), future: [], lastKey: key, lastAt: now };
}

export function undo(h: IngestHistory): IngestHistory {
  const prev = h.past[h.past.length - 1];
  if (!prev) return h;
  return { doc: prev, past: h.past.slice(0, -1), future: [h.doc, ...h.future], lastKey: null, lastAt: 0 };
}

export function redo(h: IngestHistory): IngestHistory {
  const next = h.future[0];
  if (!next) return h;
  return { doc: next, past: [...h.past, h.doc], future: h.future.slice(1), lastKey: null, lastAt: 0 };
}

export const movePoint = (doc: IngestDoc, name: string, p: { x: number; y: number }): IngestDoc => ({
  ...doc,
  points: { ...doc.points, [name]: { ...doc.points[name]!, x: p.x, y: p.y } },
});

export const toggleHidden = (doc: IngestDoc, name: string): IngestDoc => ({
  ...doc,
  points: { ...doc.points, [name]: { ...doc.points[name]!, hidden: !doc.points[name]!.hidden } },
});

/** Which mask a brush paints: the cut-out's alpha, or a pose's front parts. */
export type BrushTarget = 'cutout' | 'front';

export const addStroke = (doc: IngestDoc, stroke: BrushStroke, target: BrushTarget = 'cutout'): IngestDoc =>
  target === 'front' ? { ...doc, front: [...doc.front, stroke] } : { ...doc, strokes: [...doc.strokes, stroke] };

export type IngestTool = 'move' | 'add' | 'remove' | 'front' | 'unfront';

/** What a brush tool paints: its mask and whether it adds or takes away. */
export function brushOf(tool: Exclude<IngestTool, 'move'>): { target: BrushTarget; mode: 'add' | 'remove' } {
  if (tool === 'front') return { target: 'front', mode: 'add' };
  if (tool === 'unfront') return { target: 'front', mode: 'remove' };
  return { target: 'cutout', mode: tool };
}

export type IngestKeyAction =
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'nudge'; dx: number; dy: number }
  | { kind: 'hide' }
  | { kind: 'brush'; factor: number }
  | { kind: 'tool'; tool: IngestTool }
  | { kind: 'fit' }
  | { kind: 'zoom'; factor: number };

/** The Ingest view's keyboard: Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z), arrows nudge (Shift: 10 px), Del hides, [ ] size. */
export function ingestKey(e: { key: string; ctrl: boolean; shift: boolean }): IngestKeyAction | null {
  const k = e.key;
  if (e.ctrl && (k === 'z' || k === 'Z')) return e.shift ? { kind: 'redo' } : { kind: 'undo' };
  if (e.ctrl && (k === 'y' || k === 'Y')) return { kind: 'redo' };
  if (e.ctrl) return null;
  const step = e.shift ? 10 : 1;
  const arrows: Record<string, [number, number]> = {
    ArrowLeft: [-step, 0],
    ArrowRight: [step, 0],
    ArrowUp: [0, -step],
    ArrowDown: [0, step],
  };
  const a = arrows[k];
  if (a) return { kind: 'nudge', dx: a[0], dy: a[1] };
  if (k === 'Delete' || k === 'Backspace') return { kind: 'hide' };
  if (k === '[') return { kind: 'brush', factor: 1 / 1.25 };
  if (k === ']') return { kind: 'brush', factor: 1.25 };
  if (k === 'v' || k === 'V') return { kind: 'tool', tool: 'move' };
  if (k === 'b' || k === 'B') return { kind: 'tool', tool: 'add' };
  if (k === 'e' || k === 'E') return { kind: 'tool', tool: 'remove' };
  if (k === 'f' || k === 'F') return { kind: 'tool', tool: e.shift ? 'unfront' : 'front' };
  if (k === '0') return { kind: 'fit' };
  if (k === '+' || k === '=') return { kind: 'zoom', factor: 1.25 };
  if (k === '-') return { kind: 'zoom', factor: 0.8 };
  return null;
}

/** The COCO-17 skeleton drawn between body keypoints (left and right are the person's own). */
export const POSE_BONES: [string, string][] = [
  ['left_ear', 'left_eye'],
  ['left_eye', 'nose'],
  ['nose', 'right_eye'],
  ['right_eye', 'right_ear'],
  ['left_shoulder', 'right_shoulder'],
  ['left_shoulder', 'left_elbow'],
  ['left_elbow', 'left_wrist'],
  ['right_shoulder', 'right_elbow'],
  ['right_elbow', 'right_wrist'],
  ['left_shoulder', 'left_hip'],
  ['right_shoulder', 'right_hip'],
  ['left_hip', 'right_hip'],
  ['left_hip', 'left_knee'],
  ['left_knee', 'left_ankle'],
  ['right_hip', 'right_knee'],
  ['right_knee', 'right_ankle'],
];
