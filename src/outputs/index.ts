export {
  createOutputsRepo,
  OUTPUT_STATES,
  PAGE_LIMIT,
  type NewOutput,
  type OutputEntry,
  type OutputFilter,
  type OutputPage,
  type OutputState,
  type OutputsRepo,
} from './outputsRepo.ts';
export { createThumbnails, THUMBNAIL, type Thumbnails } from './thumbnails.ts';
export { COLOUR_LABELS, type ColourLabel, type OutputMarks } from './marks.ts';
