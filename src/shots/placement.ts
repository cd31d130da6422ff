import type { Scene } from '../catalog/scene.schema.ts';
import { MIN_FLOOR_MARGIN, standOnFloor, type PoseFigure } from '../contract/placement.ts';
import type { Coco17Name, Point } from '../twins/index.ts';
import type { Transform } from '../contract/index.ts';

export { MIN_FLOOR_MARGIN };

export interface PoseGeometry extends PoseFigure {
  keypoints: Partial<Record<Coco17Name, Point>>;
}

/**
 * Where a twin stands by default: soles on the scene's floor line (raised to leave MIN_FLOOR_MARGIN of the frame
 * below them when the line lies lower), centred, crown to soles the scene's suggested height, all in output pixels
 * (the scene covers the output, centre-cropped: src/contract/placement.ts, which the canvas shares).
 */
export function placeTwinOnFloor(
  pose: PoseGeometry,
  scene: Pick<Scene, 'width' | 'height' | 'floorY' | 'twinHeight'>,
  output: { width: number; height: number },
  offsetX = 0,
): Transform {
  return standOnFloor(pose, scene, output, offsetX);
}
