import { describe, expect, it } from 'vitest';
import { poseAffine, sceneToOutputY } from '../../src/render/pipeline/index.ts';
import { MIN_FLOOR_MARGIN, placeTwinOnFloor, type PoseGeometry } from '../../src/shots/placement.ts';

/** A 400×1000 pose: crown at row 40, ankles at row 900, soles (one past the lowest opaque row) at 960. */
const pose: PoseGeometry = {
  width: 400,
  height: 1000,
  crownY: 40,
  solesY: 960,
  keypoints: { left_ankle: { x: 230, y: 900 }, right_ankle: { x: 170, y: 890 } },
};

describe('default placement of a twin', () => {
  it('stands the soles (not the ankles) on the floor line, crown to soles at the scene’s suggested height', () => {
    const scene = { width: 2048, height: 3072, floorY: 2857, twinHeight: 2611 };
    const output = { width: 1024, height: 1536 };
    const t = placeTwinOnFloor(pose, scene, output);
    const at = poseAffine(t, pose).toOutput;
    const floor = sceneToOutputY(scene.floorY, scene, output);
    expect(at({ x: 200, y: pose.solesY! }).y).toBeCloseTo(floor, 6);
    expect(at({ x: 200, y: pose.solesY! }).y - at({ x: 200, y: pose.crownY }).y).toBeCloseTo(scene.twinHeight / 2, 6);
    // Centred between the ankles.
    expect(at({ x: 200, y: 900 }).x).toBeCloseTo(512, 6);
    expect((output.height - floor) / output.height).toBeGreaterThanOrEqual(MIN_FLOOR_MARGIN);
  });

  it('keeps at least 3 % of the frame below the feet when the floor line lies lower, also when the scene is cropped', () => {
    // A landscape scene covering a portrait frame: the scene is scaled by 1536/1000 and cropped at the sides.
    const scene = { width: 2000, height: 1000, floorY: 995, twinHeight: 700 };
    const output = { width: 1024, height: 1536 };
    const t = placeTwinOnFloor(pose, scene, output);
    const soles = poseAffine(t, pose).toOutput({ x: 200, y: pose.solesY! }).y;
    expect(soles).toBeCloseTo(output.height * (1 - MIN_FLOOR_MARGIN), 6);
    expect(soles - poseAffine(t, pose).toOutput({ x: 200, y: pose.crownY }).y).toBeCloseTo(700 * 1.536, 6);
  });

  it('falls back to the ankles when the pose does not say where the soles are', () => {
    const scene = { width: 1024, height: 1536, floorY: 1400, twinHeight: 1200 };
    const { solesY: _soles, ...noSoles } = pose;
    const t = placeTwinOnFloor(noSoles, scene, scene);
    expect(poseAffine(t, pose).toOutput({ x: 200, y: 900 }).y).toBeCloseTo(1400, 6);
  });
});
