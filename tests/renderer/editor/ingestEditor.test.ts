import { describe, expect, it } from 'vitest';
import {
  addStroke,
  brushOf,
  edit,
  ingestKey,
  movePoint,
  redo,
  startHistory,
  toggleHidden,
  undo,
} from '../../../renderer/editor/ingestEditor.ts';

const doc = {
  points: { nose: { x: 10, y: 10, hidden: false }, left_hip: { x: 5, y: 50, hidden: false } },
  strokes: [],
  front: [],
};

describe('ingest editor history and keys', () => {
  it('folds one drag into one undo step, keeps separate edits apart, and redoes', () => {
    let h = startHistory(doc);
    h = edit(h, movePoint(h.doc, 'nose', { x: 11, y: 10 }), 'move:nose', 1000);
    h = edit(h, movePoint(h.doc, 'nose', { x: 14, y: 12 }), 'move:nose', 1100);
    h = edit(h, toggleHidden(h.doc, 'left_hip'), null, 1200);
    h = edit(h, addStroke(h.doc, { mode: 'add', radius: 3, softness: 0, points: [{ x: 1, y: 1 }] }), null, 1300);
    expect(h.past).toHaveLength(3);
    h = undo(undo(h));
    expect(h.doc.points.left_hip!.hidden).toBe(false);
    expect(h.doc.strokes).toHaveLength(0);
    expect(h.doc.points.nose).toEqual({ x: 14, y: 12, hidden: false });
    h = undo(h);
    expect(h.doc).toBe(doc);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.doc.points.nose).toEqual({ x: 14, y: 12, hidden: false });
    // A drag of the same point after the merge window is its own step.
    h = edit(h, movePoint(h.doc, 'nose', { x: 20, y: 12 }), 'move:nose', 5000);
    expect(undo(h).doc.points.nose!.x).toBe(14);
    expect(h.future).toEqual([]);
  });

  it('maps the keyboard: Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z, arrows with Shift, Del, [ and ]', () => {
    expect(ingestKey({ key: 'z', ctrl: true, shift: false })).toEqual({ kind: 'undo' });
    expect(ingestKey({ key: 'Z', ctrl: true, shift: true })).toEqual({ kind: 'redo' });
    expect(ingestKey({ key: 'y', ctrl: true, shift: false })).toEqual({ kind: 'redo' });
    expect(ingestKey({ key: 'ArrowLeft', ctrl: false, shift: true })).toEqual({ kind: 'nudge', dx: -10, dy: 0 });
    expect(ingestKey({ key: 'ArrowDown', ctrl: false, shift: false })).toEqual({ kind: 'nudge', dx: 0, dy: 1 });
    expect(ingestKey({ key: 'Delete', ctrl: false, shift: false })).toEqual({ kind: 'hide' });
    expect(ingestKey({ key: ']', ctrl: false, shift: false })).toEqual({ kind: 'brush', factor: 1.25 });
    expect(ingestKey({ key: 'q', ctrl: false, shift: false })).toBeNull();
  });

  it('keeps the front-parts brush apart from the cut-out brush, in one undo history: F paints, Shift+F erases', () => {
    expect(ingestKey({ key: 'f', ctrl: false, shift: false })).toEqual({ kind: 'tool', tool: 'front' });
    expect(ingestKey({ key: 'F', ctrl: false, shift: true })).toEqual({ kind: 'tool', tool: 'unfront' });
    expect(brushOf('front')).toEqual({ target: 'front', mode: 'add' });
    expect(brushOf('unfront')).toEqual({ target: 'front', mode: 'remove' });
    expect(brushOf('remove')).toEqual({ target: 'cutout', mode: 'remove' });
    const stroke = { mode: 'add' as const, radius: 6, softness: 0.2, points: [{ x: 5, y: 40 }] };
    let h = startHistory(doc);
    h = edit(h, addStroke(h.doc, stroke, 'front'), null, 1000);
    expect(h.doc.front).toEqual([stroke]);
    expect(h.doc.strokes).toEqual([]);
    h = edit(h, addStroke(h.doc, stroke), null, 1100);
    expect(h.doc.strokes).toEqual([stroke]);
    expect(undo(undo(h)).doc.front).toEqual([]);
  });
});
