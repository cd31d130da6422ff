export { fileRefusal, isInside, resolveContained } from './containedPath.ts';
export { IMAGE_EXTENSIONS, IMAGE_ROOTS, IMAGE_TYPES, resolveWorkspaceImage } from './workspaceImage.ts';
