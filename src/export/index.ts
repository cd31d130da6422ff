export {
  exportBatch,
  type ExportBatchOptions,
  type ExportFilter,
  type ExportProgress,
  type ExportReport,
  type ExportTimings,
} from './exportBatch.ts';
export { STATE_FILE } from './exportState.ts';
export { LABELS_FILE, labelsCsv, MANIFEST_FILE, type HeldBack, type LabelRow } from './labels.ts';
export { dateToken, expandName, indexToken, safePart, uniqueNames } from './naming.ts';
export { checkUpscale, planBatch, scaleFactor, type BatchPlan, type PlannedImage } from './plan.ts';
export {
  BUILTIN_PRESETS,
  NAMING_TOKENS,
  presetFileSchema,
  presetSchema,
  type ExportPreset,
  type ExportPresetInput,
} from './preset.schema.ts';
export { describePreset, findPreset, loadPresets, PRESET_FILE, presetFilePath } from './presets.ts';
export { fitToPreset, restamp, storedProvenance, type StoredProvenance } from './restamp.ts';
export { createScreening, type Cleared, type Screening } from './screen.ts';
export { removeLabel, type UnlabelRequest } from './unlabel.ts';
export {
  applyRecipe,
  findRecipe,
  loadRecipes,
  parseRecipe,
  RECIPE_FILE,
  recipeSchema,
  removeRecipe,
  saveRecipe,
  type ExportRecipe,
  type ExportRecipeInput,
} from './recipes.ts';
