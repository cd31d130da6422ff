export {
  cutOutPhoto,
  cutOutPixels,
  cutoutPng,
  DEFAULT_WORKING_PIXELS,
  type Crop,
  type Cutout,
  type CutoutOptions,
  type CutoutProgress,
  type CutoutStage,
} from './cutout.ts';
export { BACKDROP_LIMITS } from './backdrop.ts';
