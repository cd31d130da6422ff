import type { Scene } from '../catalog/scene.schema.ts';
import type { Coco17Name, Point } from '../twins/index.ts';
import type { Transform } from '../contract/index.ts';

export interface PoseGeometry {
  width: number;
  height: number;
  keypoints: Partial<Record<Coco17Name, Point>>;
  /** Topmost opaque row of the pose image (the crown). */
  crownY: number;
  /** One past the lowest opaque row of the pose image (under the soles); the ankles stand in when absent. */
  solesY?: number;
}

/** The least share of the frame's height left below the feet: a shop's crop needs floor under the figure. */
export const MIN_FLOOR_MARGIN = 0.03;

/**
 * Where a twin stands by default: soles on the scene's floor line (raised to leave MIN_FLOOR_MARGIN of the frame
 * below them when the line lies lower), centred, crown to soles the scene's suggested height, all in output pixels
 * (the scene is scaled to cover the output and centre-cropped, as the render does).
 */
export function placeTwinOnFloor(pose: PoseGeometry, scene: Pick<Scene, 'width' | 'height' | 'floorY' | 'twinHeight'>, output: { width: number; height: number }, offsetX = 0): Transform {
  const { left_ankle: la, right_ankle: ra } = pose.keypoints;
  const ankle = la && ra ? { x: (la.x + ra.x) / 2, y: Math.max(la.y, ra.y) } : { x: pose.width / 2, y: pose.height * 0.95 };
  const soles = pose.solesY ?? ankle.y;
  const sceneToOutput = Math.max(output.width / scene.width, output.height / scene.height);
  const cropTop = (scene.height * sceneToOutput - output.height) / 2;
  const floorOut = Math.min(scene.floorY * sceneToOutput - cropTop, output.height * (1 - MIN_FLOOR_MARGIN));
  const figureHeight = Math.max(1, soles - pose.crownY);
  const scale = (scene.twinHeight * sceneToOutput) / figureHeight;
  return {
    x: output.width / 2 + offsetX - (ankle.x - pose.width / 2) * scale,
    y: floorOut - (soles - pose.height / 2) * scale,
    scale,
    rotation: 0,
  };
}
