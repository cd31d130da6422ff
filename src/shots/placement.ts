import type { Scene } from '../catalog/scene.schema.ts';
import type { Coco17Name, Point } from '../twins/index.ts';
import type { Transform } from '../contract/index.ts';

export interface PoseGeometry {
  width: number;
  height: number;
  keypoints: Partial<Record<Coco17Name, Point>>;
  /** Topmost opaque row of the pose image (the crown). */
  crownY: number;
}

/**
 * Where a twin stands by default: feet on the scene's floor line, centred, scaled to the scene's suggested
 * height, all in output pixels (the scene is scaled to cover the output).
 */
export function placeTwinOnFloor(pose: PoseGeometry, scene: Pick<Scene, 'width' | 'height' | 'floorY' | 'twinHeight'>, output: { width: number; height: number }, offsetX = 0): Transform {
  const { left_ankle: la, right_ankle: ra } = pose.keypoints;
  const ankle = la && ra ? { x: (la.x + ra.x) / 2, y: Math.max(la.y, ra.y) } : { x: pose.width / 2, y: pose.height * 0.95 };
  const sceneToOutput = Math.max(output.width / scene.width, output.height / scene.height);
  const cropTop = (scene.height * sceneToOutput - output.height) / 2;
  const floorOut = scene.floorY * sceneToOutput - cropTop;
  const figureHeight = Math.max(1, ankle.y - pose.crownY);
  const scale = (scene.twinHeight * sceneToOutput) / figureHeight;
  return {
    x: output.width / 2 + offsetX - (ankle.x - pose.width / 2) * scale,
    y: floorOut - (ankle.y - pose.height / 2) * scale,
    scale,
    rotation: 0,
  };
}
