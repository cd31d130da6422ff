export { lowestOpaqueRow, placeImage, poseAffine, sceneToOutputY, type PoseAffine, type Size } from './placement.ts';
export {
  layerAsTwin,
  pairKeypoints,
  planLight,
  planShadow,
  prepareShot,
  type PreparedGarment,
  type PreparedShot,
  type PreparedTwin,
  type ShadowPlan,
} from './prepareShot.ts';
export { createProviderFallback, isOutOfMemory, type FallbackState, type ProviderFallback } from './fallback.ts';
export {
  garmentInput,
  renderShot,
  twinInput,
  type RenderModelId,
  type RenderOptions,
  type RenderResult,
  type StageEvent,
} from './renderShot.ts';
export { syntheticShot } from './synthetic.ts';
export { halfSizeShot, UPSCALE_MODEL_ID, upscaleRgb } from './upscale.ts';
