import { describe, expect, it } from 'vitest';
import type { Scene } from '../../../src/catalog/scene.schema.ts';
import { sceneCrop, sceneToOutput } from '../../../src/contract/placement.ts';
import { createEditor, feetY, floorLine, type EditorAssets } from '../../../renderer/editor/index.ts';
import { lowestOpaqueRow, placeImage, planShadow, poseAffine } from '../../../src/render/pipeline/index.ts';
import { placeTwinOnFloor } from '../../../src/shots/index.ts';
import { mannequinKeypoints } from '../../helpers/mannequin.ts';
import { editorShot } from './fixtures.ts';

/**
 * A tall scene (1:2) behind a 3:4 frame: the render scales it by 1.2 to cover the width and crops 400 px off its top
 * and bottom, so its floor row 1500 lands at 1400 in the output — a canvas that stretched the scene would draw the
 * floor at 1200 and snap the feet there.
 */
const scene: Scene = {
  format: 'scene/1',
  sceneId: 'tall-hall',
  name: 'Tall hall',
  kind: 'lifestyle',
  image: 'scene.jpg',
  width: 1000,
  height: 2000,
  floorY: 1500,
  light: { direction: 90, softness: 0.5 },
  twinHeight: 1000,
};
const output = { width: 1200, height: 1600 };
const keypoints = mannequinKeypoints(0);
const pose = { width: 400, height: 1000, keypoints };
const assets: EditorAssets = {
  pose: { ...pose, image: 'pose.png', name: 'Front' },
  scene: { width: scene.width, height: scene.height, floorY: scene.floorY, image: scene.image, name: scene.name },
  garments: {},
};
const shotWith = (transform: { x: number; y: number; scale: number; rotation: number }) => ({
  ...editorShot(transform),
  garments: [],
  output,
});

/** The render's floor: where its contact shadow falls for a twin that shows no soles. */
const renderFloor = planShadow({ crown: undefined, soles: undefined }, scene, output, 0.6).floorY;

/** A pose image opaque from the crown (row 60) down to the ankles (row 945, exclusive): its soles are the ankles. */
function poseImage(): Uint8Array {
  const rgba = new Uint8Array(4 * pose.width * pose.height);
  for (let y = 60; y < 945; y++)
    for (let x = 120; x < 280; x++) rgba.set([200, 160, 140, 255], 4 * (y * pose.width + x));
  return rgba;
}

describe('the canvas places the scene and the twin as the render does, also when their aspects differ', () => {
  it('draws the floor line where the render puts it (cover-crop, not stretch)', () => {
    expect(renderFloor).toBeCloseTo(1400, 9);
    expect(floorLine(shotWith({ x: 600, y: 800, scale: 1, rotation: 0 }), assets)).toBeCloseTo(renderFloor, 9);
  });

  it('crops the scene image to exactly the part the render shows', () => {
    const crop = sceneCrop(scene, output);
    for (const [k, v] of Object.entries({ x: 0, y: 1000 / 3, width: 1000, height: 4000 / 3 }))
      expect(crop[k as 'x']).toBeCloseTo(v, 9);
    const topLeft = sceneToOutput({ x: crop.x, y: crop.y }, scene, output);
    const bottomRight = sceneToOutput({ x: crop.x + crop.width, y: crop.y + crop.height }, scene, output);
    expect(topLeft.x).toBeCloseTo(0, 9);
    expect(topLeft.y).toBeCloseTo(0, 9);
    expect(bottomRight.x).toBeCloseTo(output.width, 9);
    expect(bottomRight.y).toBeCloseTo(output.height, 9);
  });

  it('puts every pose pixel where the render’s placement puts it (scaled, turned, moved)', () => {
    const transform = { x: 640, y: 830, scale: 1.37, rotation: -23 };
    const editor = createEditor({ shot: shotWith(transform), assets, now: () => 0 });
    const [twin] = editor.layers();
    const toOutput = poseAffine(transform, pose).toOutput;
    for (const p of [{ x: 0, y: 0 }, { x: 400, y: 1000 }, keypoints.nose!, keypoints.left_ankle!]) {
      const m = twin!.matrix;
      expect(m[0] * p.x + m[2] * p.y + m[4]).toBeCloseTo(toOutput(p).x, 9);
      expect(m[1] * p.x + m[3] * p.y + m[5]).toBeCloseTo(toOutput(p).y, 9);
    }
  });

  it('shows the default placement standing on the floor line the render draws its twin on', () => {
    const transform = placeTwinOnFloor({ ...pose, crownY: 60 }, scene, output);
    const shot = shotWith(transform);
    expect(feetY(shot, assets)).toBeCloseTo(renderFloor, 6);
    const layer = placeImage(poseImage(), pose, poseAffine(transform, pose), output);
    expect(Math.abs((lowestOpaqueRow(layer) as number) - renderFloor)).toBeLessThanOrEqual(1);
  });

  it('stands the soles, when the library says where they are, where the default placement stands them', () => {
    const transform = placeTwinOnFloor({ ...pose, crownY: 60, solesY: 972 }, scene, output);
    const withSoles: EditorAssets = { ...assets, pose: { ...assets.pose!, solesY: 972 } };
    expect(feetY(shotWith(transform), withSoles)).toBeCloseTo(renderFloor, 6);
    expect(poseAffine(transform, pose).toOutput({ x: 200, y: 972 }).y).toBeCloseTo(renderFloor, 6);
    // The ankles alone would put the feet 27 pose px higher: snapping them to the floor would sink the soles.
    expect(feetY(shotWith(transform), assets)).toBeLessThan(renderFloor - 20);
  });

  it('snaps the feet to the floor the render uses, and the render then draws the soles on it', () => {
    // Ankles (row 945 of a 1000-px pose centred at y 800) at 1245: 155 px above the floor.
    const editor = createEditor({ shot: shotWith({ x: 600, y: 800, scale: 1, rotation: 0 }), assets, now: () => 0 });
    editor.pointerDown({ x: 600, y: 700 });
    editor.pointerMove({ x: 600, y: 851 }); // 4 px short of the floor: within SNAP_PX at zoom 1
    expect(editor.transient()?.guides).toContainEqual({ axis: 'y', at: renderFloor, label: 'floor' });
    editor.pointerUp();
    const transform = editor.shot().twin.transform;
    expect(poseAffine(transform, pose).toOutput(keypoints.left_ankle!).y).toBeCloseTo(renderFloor, 6);
    const layer = placeImage(poseImage(), pose, poseAffine(transform, pose), output);
    expect(Math.abs((lowestOpaqueRow(layer) as number) - renderFloor)).toBeLessThanOrEqual(1);
  });
});
