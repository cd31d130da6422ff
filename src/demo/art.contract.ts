import type { GarmentCategory } from '../catalog/garment.schema.ts';
import type { GarmentLandmarks } from '../catalog/garmentLandmarks.ts';
import type { Scene } from '../catalog/scene.schema.ts';
import type { Coco17Name, Keypoints, Point } from '../twins/index.ts';

/** What the demo builder needs from the artwork module (src/demo/art). */
export interface DemoArt {
  poses: readonly { poseId: string; name: string }[];
  drawPose(poseId: string): Promise<{
    png: Buffer;
    width: number;
    height: number;
    keypoints: Record<Coco17Name, Point>;
    /** Optional: the pack's front-parts mask (RGBA PNG, alpha marks the parts), the pose image's size. */
    front?: Buffer;
  }>;
  garments: readonly {
    garmentId: string;
    sku: string;
    name: string;
    category: GarmentCategory;
    layer: 'under' | 'over';
  }[];
  drawGarment(
    garmentId: string,
  ): Promise<{ png: Buffer; width: number; height: number; keypoints: Keypoints; landmarks: GarmentLandmarks }>;
  scenes: readonly { sceneId: string; name: string; kind: Scene['kind'] }[];
  drawScene(
    sceneId: string,
    size: { width: number; height: number },
  ): Promise<{ png: Buffer; width: number; height: number; floorY: number; light: Scene['light']; twinHeight: number }>;
}
