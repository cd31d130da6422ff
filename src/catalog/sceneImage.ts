import { StudioError } from '../errors/index.ts';
import type { ImageInfo } from '../imaging/index.ts';
import type { Scene } from './scene.schema.ts';

/** A suggested twin smaller than this share of the scene's height is a typo, not a product shot. */
export const MIN_TWIN_SHARE = 0.05;

/**
 * What `scene.json` says about its image, checked against the image: an RGB backdrop (no alpha), the floor
 * line inside it, and a suggested twin height that fits between the floor line and the top edge.
 */
export function checkSceneImage(scene: Scene, info: ImageInfo, file: string): void {
  const at = { file, sceneId: scene.sceneId };
  if (info.hasAlpha || info.channels !== 3) {
    const has = `${info.channels} channel${info.channels === 1 ? '' : 's'}${info.hasAlpha ? ' with alpha' : ''}`;
    const message = `Expected an RGB backdrop (3 channels, no alpha) for scene ${scene.sceneId} but ${file} has ${has}`;
    throw new StudioError('SCENE_INVALID', message, {
      ...at,
      field: 'image',
      channels: info.channels,
      hasAlpha: info.hasAlpha,
    });
  }
  if (scene.floorY > info.height) {
    const message =
      `Expected floorY between 0 and ${info.height} (the image height) ` +
      `for scene ${scene.sceneId} but received ${scene.floorY}`;
    const details = { ...at, field: 'floorY', floorY: scene.floorY, height: info.height };
    throw new StudioError('SCENE_INVALID', message, details);
  }
  const least = Math.ceil(info.height * MIN_TWIN_SHARE);
  if (scene.twinHeight > scene.floorY || scene.twinHeight < least) {
    const message =
      `Expected twinHeight between ${least} and ${scene.floorY} px (the floor line, so the figure stands ` +
      `inside the frame) for scene ${scene.sceneId} but received ${scene.twinHeight}`;
    const details = { ...at, field: 'twinHeight', twinHeight: scene.twinHeight, floorY: scene.floorY };
    throw new StudioError('SCENE_INVALID', message, details);
  }
}
