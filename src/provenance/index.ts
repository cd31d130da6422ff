export { createC2paSigner, c2paSupports, type C2paSigner, type ManifestFacts } from './c2pa.ts';
export {
  createC2paVerifier,
  verifyC2pa,
  type C2paIssue,
  type C2paVerifier,
  type C2paManifestSummary,
  type C2paVerification,
} from './c2paVerify.ts';
export {
  CERTIFICATE_FILES,
  checkSigningCertificate,
  createTestSigningIdentity,
  ensureSigningIdentity,
  loadSigningIdentity,
  type SigningIdentity,
} from './certificates.ts';
export { inspectFile, type Inspection, type LabelCheck, type WatermarkCheck } from './inspect.ts';
export {
  checkMask,
  decodeMask,
  encodeMask,
  maskCoverage,
  reframeMask,
  type ForegroundMask,
  type FrameBox,
} from './foreground.ts';
export { markTileSize } from './proofMark.ts';
export {
  createLabelRenderer,
  type ExpectedBadge,
  type LabelCoverage,
  type LabelPlacement,
  type LabelRenderer,
  type LabelResult,
  type PreparedLabel,
} from './label.ts';
export {
  DEFAULT_LABEL_WORDING,
  LABEL_CORNERS,
  MIN_CAP_HEIGHT_PX,
  MIN_CAP_HEIGHT_SHARE,
  PLATE_OPACITY,
  TILE_OPACITY,
  disclosureText,
  isLabelCorner,
  type CornerChoice,
  type LabelCorner,
  type LabelRequest,
} from './labelLayout.ts';
export {
  createStamper,
  type LabelPlan,
  type StampRequest,
  type StampResult,
  type StampTimings,
  type Stamper,
} from './stamp.ts';
export {
  DIGITAL_SOURCE_TYPE,
  TWIN_NAMESPACE,
  USAGE_ASSERTION_LABEL,
  WATERMARK_ALGORITHM,
  type ModelRef,
  type RgbaImage,
  type StampFormat,
  type UsageFacts,
  type WatermarkDetection,
  type WatermarkImage,
  type Watermarker,
} from './types.ts';
export { DATA_MINING_PROHIBITED, buildXmp, parseXmp, readXmp, type XmpFields, type XmpInput } from './xmp.ts';
