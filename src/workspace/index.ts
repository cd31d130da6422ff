export type { CatalogImage, CatalogRepo } from './catalogRepo.ts';
export { readJsonFile, writeFileAtomic, writeJsonAtomic } from './files.ts';
export { workspaceLayout, type WorkspaceLayout } from './layout.ts';
export { defaultWorkspaceDir, resolveWorkspaceDir } from './location.ts';
export { findEnclosingWorkspace, openWorkspace, requireWorkspace, type WorkspaceHandle } from './openWorkspace.ts';
export { readShotFile } from './shotsRepo.ts';
export { evaluateShotPolicy, type UsageCounter } from './shotPolicy.ts';
export type { TwinSummary } from './twinsRepo.ts';
export { createWorkspace, type Workspace } from './workspace.ts';
