export { inverse, perform, reorderCommand, type Command, type ShotPatch } from './commands.ts';
export { createEditor, type Editor, type EditorChange, type KeyAction } from './editor.ts';
export { decompose, garmentPreviewFit, similarityFit } from './geometry.ts';
// The twin's placement is the render's own: what the canvas shows is what renders.
export { sceneCrop, twinMatrix, type Matrix } from '../../src/contract/placement.ts';
export {
  feetY,
  floorLine,
  garmentIdOf,
  garmentLayerId,
  layersOf,
  type EditorAssets,
  type GarmentAsset,
  type Layer,
  type LayerId,
} from './model.ts';
export type { Handle, ToolStateName } from './selectTool.ts';
export type { Guide } from './snapping.ts';
export { toDoc, toScreen, type Viewport } from './viewport.ts';
