export { combinedReference, type CombinedInputs, type SceneLightReference } from './combined.ts';
export { compositeReference, opaqueReference, overReference } from './composite.ts';
export { lightReference } from './harmonize.ts';
export { bilinearZeros, gridSampleAt, planar, resizeLinear } from './sampling.ts';
export { shadowDensityReference, shadowReference, type ShadowParams } from './shadow.ts';
export { sceneLightReference } from './sceneLight.ts';
export { placeCropReference, tpsGridReference, warpReference } from './warp.ts';
