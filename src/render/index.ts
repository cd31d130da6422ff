export { COMPOSITE_LAYERS, GARMENT_SLOTS, MODEL_SPECS, OPSET, buildModel, type ModelSpec, type RenderStage, type TensorSpec } from './graphs/catalog.ts';
export { COARSE_GRID_STEP, SHADOW_POOL, SHADOW_TAPS } from './graphs/parts.ts';
export { combinedFeeds, shadowFeeds, tpsFeeds, type CombinedFeedInput, type ShadowInput } from './feeds.ts';
export { AUTHORED_LICENCE, buildModelFiles, type BuiltModels, type ExtraModel, type Manifest, type ManifestEntry } from './modelFiles.ts';
export {
  createSessionCache,
  defaultProviders,
  readManifest,
  readVerifiedModel,
  type LoadedSession,
  type ProviderAttempt,
  type ProviderName,
  type SessionCache,
  type SessionCacheOptions,
  type SessionFactory,
} from './models.ts';
export { gaussianTaps } from './shadowKernel.ts';
export { premultipliedToRgba, rgbToPlanar, rgbaToPremultiplied, type Planar } from './tensors.ts';
export { evalTps, fitTps, solveLinear, tpsKernel, type FitOptions, type Point, type TpsFit } from './tps.ts';
export { tpsTensors, warpBox, type Box, type Size, type TpsTensors } from './warpInputs.ts';
