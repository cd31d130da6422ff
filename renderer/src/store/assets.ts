import type { GarmentView, SceneView, Shot, TwinView } from '../../../src/contract/index.ts';
import type { EditorAssets } from '../../editor/index.ts';

/** The editor's view of the library for one shot: sizes and keypoints of its pose, scene and garments. */
export function assetsFor(
  shot: Shot,
  lib: { twins: TwinView[]; garments: GarmentView[]; scenes: SceneView[] },
): EditorAssets {
  const twin = lib.twins.find((t) => t.twinId === shot.twin.twinId);
  const pose = twin?.poses.find((p) => p.poseId === shot.twin.poseId);
  const scene = lib.scenes.find((s) => s.sceneId === shot.scene.sceneId);
  const garments: EditorAssets['garments'] = {};
  for (const g of lib.garments)
    garments[g.garmentId] = {
      name: g.name,
      category: g.category,
      layer: g.layer,
      image: g.image,
      width: g.width,
      height: g.height,
      keypoints: g.keypoints,
    };
  return {
    pose: pose
      ? {
          width: pose.width,
          height: pose.height,
          keypoints: pose.keypoints,
          ...(pose.solesY === undefined ? {} : { solesY: pose.solesY }),
          image: pose.image,
          name: `${twin?.displayName ?? 'Twin'} · ${pose.name}`,
        }
      : null,
    scene: scene
      ? { width: scene.width, height: scene.height, floorY: scene.floorY, image: scene.image, name: scene.name }
      : null,
    garments,
  };
}
