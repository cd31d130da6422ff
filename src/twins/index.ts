export {
  COCO17,
  keypointsSchema,
  fullKeypointsSchema,
  pointSchema,
  posePointSchema,
  type Coco17Name,
  type PosePoint,
  type Keypoints,
  type Point,
} from './keypoints.schema.ts';
export {
  CHANNELS,
  consentSchema,
  currencySchema,
  instantSchema,
  packManifestSchema,
  poseFiles,
  poseKeypointsSchema,
  territorySchema,
  type Channel,
  type Consent,
  type PackManifest,
  type PoseKeypoints,
} from './pack.schema.ts';
export { openPackFiles, PACK_LIMITS, type PackFiles } from './packSource.ts';
export {
  checkAndSignPackFolder,
  resignPackFolder,
  signPackFolder,
  zipPackFolder,
  type ManifestDraft,
} from './signPack.ts';
export { MANIFEST_FILE, verifyPack, type VerifiedPack, type VerifiedPose } from './verifyPack.ts';
