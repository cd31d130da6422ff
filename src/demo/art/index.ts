/**
 * Demo artwork drawn by the project's own code (SVG rasterised by sharp): a synthetic store mannequin
 * in three poses, six garments on an invisible form in the front pose's layout, and five scenes.
 * Everything is deterministic and returned as buffers.
 */
export { DEMO_POSES } from './rig.ts';
export type { PoseId } from './rig.ts';
export { drawMannequinPose } from './mannequin.ts';
export type { MannequinArt } from './mannequin.ts';
export { DEMO_GARMENTS, drawGarment } from './garments.ts';
export type { DemoGarment, DemoGarmentId, GarmentArt } from './garments.ts';
export { DEMO_SCENES, drawScene } from './scenes.ts';
export type { DemoScene, SceneArt, SceneLight } from './scenes.ts';
