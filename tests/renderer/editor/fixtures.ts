import type { Shot } from '../../../src/contract/index.ts';
import type { EditorAssets } from '../../../renderer/editor/index.ts';
import { mannequinKeypoints } from '../../helpers/mannequin.ts';

export function editorShot(transform = { x: 600, y: 880, scale: 1, rotation: 0 }): Shot {
  return {
    format: 'shot/2',
    revision: 0,
    shotId: 'shot_test',
    name: 'Test',
    scene: { sceneId: 'studio-grey' },
    twin: { twinId: 'tw_ada', poseId: 'front', licenceId: 'lic_ada_2026', hidden: false, transform },
    garments: [
      { garmentId: 'chino-navy', z: 0, fit: 'tps', hidden: false },
      { garmentId: 'tee-coral', z: 1, fit: 'tps', hidden: false },
    ],
    look: { shadow: 0.6, harmonize: 0.5 },
    output: { width: 1200, height: 1600 },
    use: { channel: 'ecommerce', territory: 'EU' },
    sku: '',
    labels: {},
  };
}

export const editorAssets: EditorAssets = {
  pose: {
    width: 400,
    height: 1000,
    keypoints: mannequinKeypoints(0),
    image: 'twins/tw_ada/poses/front.png',
    name: 'Front',
  },
  scene: {
    width: 1200,
    height: 1600,
    floorY: 1500,
    image: 'catalog/scenes/studio-grey/scene.jpg',
    name: 'Grey studio',
  },
  garments: {
    'tee-coral': {
      name: 'Coral tee',
      category: 'top',
      layer: 'over',
      image: 'catalog/garments/tee-coral/garment.png',
      width: 320,
      height: 360,
      keypoints: {
        left_shoulder: { x: 230, y: 30 },
        right_shoulder: { x: 90, y: 30 },
        left_hip: { x: 205, y: 335 },
        right_hip: { x: 115, y: 335 },
      },
    },
    'chino-navy': {
      name: 'Navy chinos',
      category: 'trousers',
      layer: 'under',
      image: 'catalog/garments/chino-navy/garment.png',
      width: 220,
      height: 460,
      keypoints: {
        left_hip: { x: 155, y: 20 },
        right_hip: { x: 65, y: 20 },
        left_knee: { x: 160, y: 230 },
        right_knee: { x: 60, y: 230 },
      },
    },
  },
};
