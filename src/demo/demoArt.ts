import type { DemoArt } from './art.contract.ts';
import {
  DEMO_GARMENTS,
  DEMO_POSES,
  DEMO_SCENES,
  drawGarment,
  drawMannequinPose,
  drawScene,
  type DemoGarmentId,
  type PoseId,
} from './art/index.ts';

const POSE_NAMES: Record<PoseId, string> = { front: 'Front', 'three-quarter': 'Three-quarter', walking: 'Walking' };

/** The project's own artwork, as the demo builder sees it. */
export const demoArt: DemoArt = {
  poses: DEMO_POSES.map((poseId) => ({ poseId, name: POSE_NAMES[poseId] })),
  drawPose: (poseId) => drawMannequinPose(poseId as PoseId),
  garments: DEMO_GARMENTS.map(({ garmentId, sku, name, category, layer }) => ({
    garmentId,
    sku,
    name,
    category,
    layer,
  })),
  drawGarment: (garmentId) => drawGarment(garmentId as DemoGarmentId),
  scenes: DEMO_SCENES.map(({ sceneId, name, kind }) => ({ sceneId, name, kind })),
  drawScene: (sceneId, size) => drawScene(sceneId, size),
};
