export {
  CONTRACT,
  METHOD_NAMES,
  isMethodName,
  type Contract,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
  type SettingsView,
  type StudioApi,
} from './methods.ts';
export { parseInput } from './parseInput.ts';
export { frontSides, suggestFrontParts, type FrontKeypoint, type FrontKeypoints } from './frontParts.ts';
export {
  RENDER_STAGES,
  type JobState,
  type OutputPageView,
  type OutputView,
  type ProofView,
  type ProviderInfo,
  type RenderJob,
  type StageProgress,
  type StudioEvent,
  type SyncStatus,
  type VerifyReport,
} from './render.wire.ts';
export { isResult, StudioApiError, unwrap, type Result, type WireError } from './result.ts';
export { ERROR_CODES, errorCodeOf, isErrorCode, type ErrorCode } from '../errors/codes.ts';
export {
  CHANNELS,
  GARMENT_CATEGORIES,
  shotSchema,
  transformSchema,
  type Shot,
  type ShotGarment,
  type Transform,
} from './shot.wire.ts';
export type {
  AppInfo,
  GarmentView,
  Keypoints,
  LicenceStatus,
  PolicyCheck,
  Point,
  PoseView,
  Refusal,
  SceneView,
  TwinView,
} from './views.ts';
export { IPC_CHANNEL, IPC_EVENT_CHANNEL, APP_ORIGIN, FILE_ORIGIN } from './ipc.ts';
export { splitMethod, type StudioBridge } from './bridge.ts';
export {
  annotationWireSchema,
  pinWireSchema,
  rectWireSchema,
  OUTPUT_STATES,
  COLOUR_LABELS,
  type ColourLabel,
  type ReviewBatchView,
  type AnnotationView,
  type AnnotationWire,
  type ExportedImageView,
  type ExportPresetView,
  type ExportProgressView,
  type ExportReportView,
  type HeldBackView,
  type OutputState,
} from './review.wire.ts';
export {
  exportRecipeWireSchema,
  exportSpecSchema,
  type ExportPlanView,
  type ExportRecipeView,
  type ExportSpec,
  type PlannedFileView,
} from './export.wire.ts';
export {
  brushStrokeWireSchema,
  type BrushStrokeWire,
  type IngestPointView,
  type IngestSessionView,
  type PackBuiltView,
  type PackDraftView,
  type SavedPoseView,
} from './ingest.wire.ts';
export { maskAsRgba, maskWithin, paintStrokes, type BrushStroke } from './maskBrush.ts';
export { BODY_JOINTS, bodyFromLandmarks, previewBodyPoints, type Body, type BodyJoint } from './garmentBody.ts';
