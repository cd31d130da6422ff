import { beforeEach, describe, expect, it } from 'vitest';
import { createEditor, type Editor } from '../../../renderer/editor/index.ts';
import { editorAssets, editorShot } from './fixtures.ts';

let editor: Editor;
let clock: number;

/** Zoom 0.5, no pan: doc (600, 880) — the twin's centre — is screen (300, 440); the head, doc (600, 480), is screen (300, 240). */
beforeEach(() => {
  clock = 1_000;
  editor = createEditor({ shot: editorShot(), assets: editorAssets, now: () => clock });
  editor.setViewSize({ width: 600, height: 800 });
  editor.zoomBy(0.5, { x: 0, y: 0 });
});

const down = (x: number, y: number, extra: object = {}) => editor.pointerDown({ x, y, ...extra });
const move = (x: number, y: number, extra: object = {}) => editor.pointerMove({ x, y, ...extra });

describe('select tool', () => {
  it('goes Idle → Pointing → Dragging and commits one move on release', () => {
    expect(editor.state()).toBe('select.idle');
    down(300, 240);
    expect(editor.state()).toBe('select.pointing');
    expect(editor.selection()).toBe('twin');
    move(301, 241);
    expect(editor.state()).toBe('select.pointing');
    move(350, 280);
    expect(editor.state()).toBe('select.dragging');
    // While dragging only the transient changes: the document waits for the release.
    expect(editor.transient()?.transform).toMatchObject({ x: 700, y: 960 });
    expect(editor.shot().twin.transform.x).toBe(600);
    editor.pointerUp();
    expect(editor.state()).toBe('select.idle');
    expect(editor.transient()).toBeNull();
    expect(editor.shot().twin.transform).toEqual({ x: 700, y: 960, scale: 1, rotation: 0 });
    expect(editor.undo()).toBe(true);
    expect(editor.shot().twin.transform).toEqual({ x: 600, y: 880, scale: 1, rotation: 0 });
    expect(editor.redo()).toBe(true);
    expect(editor.shot().twin.transform.x).toBe(700);
  });

  it('a click without movement selects and records nothing', () => {
    down(300, 240);
    editor.pointerUp();
    expect(editor.selection()).toBe('twin');
    expect(editor.canUndo()).toBe(false);
  });

  it('snaps the centre to the frame centre line and the feet to the floor line, showing the guides', () => {
    editor.load(editorShot({ x: 630, y: 880, scale: 1, rotation: 0 }), editorAssets);
    down(315, 240);
    move(303, 240); // candidate x = 606: within 8 screen px (16 doc px) of 600
    expect(editor.transient()?.transform.x).toBe(600);
    expect(editor.transient()?.guides).toContainEqual({ axis: 'x', at: 600, label: 'centre' });
    // Feet: ankle y 945 in a 1000 px pose centred at 880 → 1325; the floor is at 1500. Drag down 170 doc px (85 screen px) lands 5 short.
    move(303, 240 + 85);
    expect(editor.transient()?.guides.map((g) => g.label)).toContain('floor');
    editor.pointerUp();
    const t = editor.shot().twin.transform;
    expect(t.y + (945 - 500) * t.scale).toBeCloseTo(1500, 6);
    // Shift turns snapping off.
    // The head is now at doc (600, 660): screen (300, 330).
    down(300, 330);
    move(303, 334, { shift: true });
    expect(editor.transient()?.guides).toEqual([]);
  });

  it('pans when the press lands on empty canvas, deselecting, without touching the document', () => {
    down(300, 240);
    editor.pointerUp();
    down(20, 20);
    expect(editor.state()).toBe('select.panning');
    expect(editor.selection()).toBeNull();
    move(60, 50);
    expect(editor.viewport()).toMatchObject({ panX: 40, panY: 30 });
    editor.pointerUp();
    expect(editor.canUndo()).toBe(false);
  });

  it('rotates about the centre from the rotate handle, snapping to 15° with Shift', () => {
    down(300, 240);
    editor.pointerUp();
    const rotate = editor.handles().find((h) => h.handle === 'rotate')!.at;
    expect(editor.hitTest(rotate)).toEqual({ kind: 'handle', handle: 'rotate' });
    down(rotate.x, rotate.y);
    expect(editor.state()).toBe('select.rotating');
    // Centre is (300, 440); the handle is straight above. Moving to the right of the centre is +90°.
    move(500, 440, { shift: true });
    editor.pointerUp();
    expect(editor.shot().twin.transform.rotation).toBe(90);
    editor.undo();
    expect(editor.shot().twin.transform.rotation).toBe(0);
  });

  it('scales from a corner handle relative to the centre', () => {
    down(300, 240);
    editor.pointerUp();
    const se = editor.handles().find((h) => h.handle === 'se')!.at;
    // The box hugs the figure: wrists at pose x 295 plus a 60 px margin → doc 755; the feet end the image at doc 1380.
    expect(se).toEqual({ x: 377.5, y: 690 });
    down(se.x, se.y);
    expect(editor.state()).toBe('select.scaling');
    move(300 + (se.x - 300) * 1.5, 440 + (se.y - 440) * 1.5);
    editor.pointerUp();
    expect(editor.shot().twin.transform.scale).toBeCloseTo(1.5, 6);
  });

  it('Escape mid-drag puts the layer back and records nothing', () => {
    down(300, 240);
    move(340, 270);
    expect(editor.state()).toBe('select.dragging');
    expect(editor.keyDown({ key: 'Escape' })).toBe('handled');
    expect(editor.state()).toBe('select.idle');
    expect(editor.transient()).toBeNull();
    expect(editor.shot().twin.transform.x).toBe(600);
    expect(editor.canUndo()).toBe(false);
  });

  it('does not hit a hidden layer or the transparent margin of the pose image', () => {
    expect(editor.hitTest({ x: 300, y: 440 })).toMatchObject({ kind: 'layer' });
    expect(editor.hitTest({ x: 205, y: 445 })).toBeNull();
    editor.toggleHidden('twin');
    editor.toggleHidden('garment:tee-coral');
    editor.toggleHidden('garment:chino-navy');
    expect(editor.hitTest({ x: 300, y: 440 })).toBeNull();
  });

  it('hits the top garment first where garments overlap the body', () => {
    // The tee covers the chest: doc (600, 600) is screen (300, 300).
    expect(editor.hitTest({ x: 300, y: 300 })).toEqual({ kind: 'layer', id: 'garment:tee-coral' });
  });
});

describe('keyboard', () => {
  it('nudges with arrows (Shift = 10 px), folding quick nudges into one undo step', () => {
    down(300, 240);
    editor.pointerUp();
    editor.keyDown({ key: 'ArrowRight' });
    clock += 100;
    editor.keyDown({ key: 'ArrowRight', shift: true });
    clock += 100;
    editor.keyDown({ key: 'ArrowUp' });
    expect(editor.shot().twin.transform).toMatchObject({ x: 611, y: 879 });
    editor.keyDown({ key: 'z', ctrl: true });
    expect(editor.shot().twin.transform).toMatchObject({ x: 600, y: 880 });
    editor.keyDown({ key: 'Z', ctrl: true, shift: true });
    expect(editor.shot().twin.transform).toMatchObject({ x: 611, y: 879 });
  });

  it('reorders with [ ] and deletes the selected garment; undo restores it', () => {
    editor.select('garment:tee-coral');
    expect(editor.keyDown({ key: '[' })).toBe('handled');
    expect(editor.layers().map((l) => l.id)).toEqual(['twin', 'garment:tee-coral', 'garment:chino-navy']);
    editor.keyDown({ key: ']' });
    expect(editor.layers().map((l) => l.id)).toEqual(['twin', 'garment:chino-navy', 'garment:tee-coral']);
    editor.keyDown({ key: 'Delete' });
    expect(editor.shot().garments.map((g) => g.garmentId)).toEqual(['chino-navy']);
    expect(editor.selection()).toBeNull();
    editor.undo();
    expect(
      editor
        .shot()
        .garments.map((g) => g.garmentId)
        .sort(),
    ).toEqual(['chino-navy', 'tee-coral']);
  });

  it('hands save and render to the host, and zooms with + - 0', () => {
    expect(editor.keyDown({ key: 's', ctrl: true })).toBe('save');
    expect(editor.keyDown({ key: 'r' })).toBe('render');
    const before = editor.viewport().zoom;
    editor.keyDown({ key: '+' });
    expect(editor.viewport().zoom).toBeCloseTo(before * 1.25, 6);
    editor.keyDown({ key: '0' });
    // Fit: 1200×1600 into 600×800 with 32 px padding; the width decides.
    expect(editor.viewport().zoom).toBeCloseTo((600 - 64) / 1200, 6);
  });
});
