export { adviceFor, plainDate } from './advice.ts';
export { createStudioHandlers, type StudioHandlers } from './createStudioHandlers.ts';
export { createEventHub, type EventHub } from './events.ts';
export { createDispatcher, type Dispatch } from './router.ts';
export type {
  ExportService,
  DesktopService,
  IngestService,
  OutputPageFilter,
  OutputsService,
  RenderService,
  ReviewService,
  StudioServices,
  SyncService,
  UsageCounter,
} from './services.ts';
export { newShot } from './shots.handlers.ts';
