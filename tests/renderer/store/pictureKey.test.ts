import { describe, expect, it } from 'vitest';
import { pictureKey } from '../../../renderer/src/store/mergeShot.ts';
import { editorShot } from '../editor/fixtures.ts';

// A proof on the canvas is stale exactly when what a render depends on changed.
describe('pictureKey', () => {
  const shot = editorShot();

  it('ignores what does not change the pixels: name, revision, SKU, labels, key order', () => {
    const reordered = Object.fromEntries(Object.entries(shot).reverse()) as typeof shot;
    expect(
      pictureKey({ ...reordered, name: 'Renamed', revision: shot.revision + 3, sku: 'SKU-1', labels: { a: 'b' } }),
    ).toBe(pictureKey(shot));
  });

  it('changes with the placement, the garments, the look, the scene and the output size', () => {
    const t = shot.twin.transform;
    const moved = { ...shot, twin: { ...shot.twin, transform: { ...t, x: t.x + 1 } } };
    const looked = { ...shot, look: { ...shot.look, shadow: shot.look.shadow === 1 ? 0 : 1 } };
    const resized = { ...shot, output: { ...shot.output, width: shot.output.width + 2 } };
    const scened = { ...shot, scene: { sceneId: `${shot.scene.sceneId}-2` } };
    const dressed = { ...shot, garments: [] };
    for (const changed of [moved, looked, resized, scened, dressed])
      expect(pictureKey(changed)).not.toBe(pictureKey(shot));
  });
});
