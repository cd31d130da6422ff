import { describe, expect, it } from 'vitest';
import { inverse, perform, reorderCommand, similarityFit, type Command } from '../../../renderer/editor/index.ts';
import { editorShot } from './fixtures.ts';

describe('commands', () => {
  const shot = editorShot();
  const commands: Command[] = [
    { kind: 'transform', before: shot.twin.transform, after: { x: 1, y: 2, scale: 0.5, rotation: 10 }, label: 'Move' },
    { kind: 'hide', layer: 'garment:tee-coral', before: false, after: true },
    { kind: 'hide', layer: 'twin', before: false, after: true },
    reorderCommand(shot, 'tee-coral', -1)!,
    { kind: 'addGarment', garment: { garmentId: 'coat-a', z: 5, fit: 'tps', hidden: false } },
    { kind: 'removeGarment', garment: shot.garments[0]! },
    {
      kind: 'pose',
      before: { poseId: 'front', transform: shot.twin.transform },
      after: { poseId: 'open', transform: { x: 5, y: 5, scale: 1, rotation: 0 } },
    },
    {
      kind: 'patch',
      label: 'Use',
      before: { use: shot.use, licenceId: 'lic_ada_2026' },
      after: { use: { channel: 'social', territory: 'GB' }, licenceId: 'lic_ada_old' },
    },
  ];

  it.each(commands.map((c) => [c.kind, c] as const))(
    '%s changes the shot and its inverse restores it',
    (_kind, command) => {
      const after = perform(shot, command);
      expect(after).not.toEqual(shot);
      const back = perform(after, inverse(command));
      const byId = (s: typeof shot) => ({
        ...s,
        garments: [...s.garments].sort((a, b) => a.garmentId.localeCompare(b.garmentId)),
      });
      expect(byId(back)).toEqual(byId(shot));
    },
  );

  it('reorder refuses to move past either end', () => {
    expect(reorderCommand(shot, 'tee-coral', 1)).toBeNull();
    expect(reorderCommand(shot, 'chino-navy', -1)).toBeNull();
  });

  it('the preview fit recovers a known similarity from keypoints', () => {
    const from = { left_hip: { x: 0, y: 0 }, right_hip: { x: 10, y: 0 }, left_knee: { x: 0, y: 20 } };
    // Scale 2, rotate 90°, translate (5, 7): (x, y) → (5 − 2y, 7 + 2x)
    const to = Object.fromEntries(Object.entries(from).map(([k, p]) => [k, { x: 5 - 2 * p.y, y: 7 + 2 * p.x }]));
    const m = similarityFit(from, to)!;
    expect(m.map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([0, 2, -2, 0, 5, 7]);
  });
});

describe('history', () => {
  it('folds a dragged slider (same mergeKey, quick succession) into one undo step', async () => {
    const { record, undo, emptyHistory } = await import('../../../renderer/editor/history.ts');
    let state = { shot: editorShot(), history: emptyHistory() };
    const look = (shadow: number, at: number, base = state.shot.look) => {
      state = record(
        state.shot,
        state.history,
        {
          kind: 'patch',
          label: 'Shadow',
          before: { look: base },
          after: { look: { ...base, shadow } },
          mergeKey: 'look-shadow',
        },
        at,
      );
    };
    look(0.5, 1000);
    look(0.4, 1100);
    look(0.3, 1200);
    expect(state.history.past).toHaveLength(1);
    expect(state.shot.look.shadow).toBe(0.3);
    look(0.9, 5000);
    expect(state.history.past).toHaveLength(2);
    state = undo(state.shot, state.history)!;
    state = undo(state.shot, state.history)!;
    expect(state.shot.look.shadow).toBe(0.6);
  });
});
