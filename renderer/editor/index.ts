export { inverse, perform, reorderCommand, type Command, type ShotPatch } from './commands.ts';
export { createEditor, type Editor, type EditorChange, type KeyAction } from './editor.ts';
export { decompose, similarityFit, twinMatrix, type Matrix } from './geometry.ts';
export { feetY, floorLine, garmentIdOf, garmentLayerId, layersOf, type EditorAssets, type GarmentAsset, type Layer, type LayerId } from './model.ts';
export type { Handle, ToolStateName } from './selectTool.ts';
export type { Guide } from './snapping.ts';
export { toDoc, toScreen, type Viewport } from './viewport.ts';
