export {
  COMPOSITE_LAYERS,
  GARMENT_SLOTS,
  MODEL_SPECS,
  OPSET,
  buildModel,
  type ModelSpec,
  type RenderStage,
  type TensorSpec,
} from './graphs/catalog.ts';
export { COARSE_GRID_STEP, SHADOW_POOL, SHADOW_TAPS } from './graphs/parts.ts';
export { combinedFeeds, shadowFeeds, tpsFeeds, type CombinedFeedInput, type ShadowInput } from './feeds.ts';
export {
  AUTHORED_LICENCE,
  buildModelFiles,
  type BuiltModels,
  type ExtraModel,
  type Manifest,
  type ManifestEntry,
} from './modelFiles.ts';
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
export {
  pixelsToPlanar,
  planarToPixels,
  premultipliedToRgba,
  rgbOf,
  rgbToPlanar,
  rgbaToPremultiplied,
  type Pixels,
  type Planar,
} from './tensors.ts';
export { evalTps, fitTps, solveLinear, tpsKernel, type FitOptions, type Point, type TpsFit } from './tps.ts';
export { tpsTensors, warpBox, type Box, type Size, type TpsTensors } from './warpInputs.ts';
export {
  ESRGAN_PACKAGE,
  ESRGAN_VERSION,
  UPSCALE_MODEL_ID,
  esrganPackageDir,
  esrganUpscaleModel,
  loadEsrganSlim,
} from './learned/esrganSlim.ts';
export { kerasToOnnx } from './learned/esrganOnnx.ts';
export { parseTfjsLayersModel, type KerasLayer, type KerasModel } from './learned/tfjsLayers.ts';
// Runtime: pipeline, jobs, service, doctor (issue 3).
export * from './pipeline/index.ts';
export * from './jobs/index.ts';
export {
  createShotRenderer,
  type OutputContext,
  type OutputStep,
  type PendingOutput,
  type RenderOutcome,
  type RenderRequestOptions,
  type ShotRenderer,
  type ShotRendererDeps,
} from './shotRenderer.ts';
export {
  adviceFor,
  ALL_PROVIDERS,
  gpuInfo,
  runDoctor,
  type DoctorOptions,
  type DoctorReport,
  type GpuInfo,
  type ProviderCheck,
} from './doctor.ts';
export { defaultModelsDir } from './modelsDir.ts';
