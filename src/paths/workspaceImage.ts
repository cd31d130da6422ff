import { realpathSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../errors/index.ts';
import { isInside, resolveContained } from './containedPath.ts';

/** The workspace folders whose images the UI may show. Keys, the database and tmp are never served. */
export const IMAGE_ROOTS = ['twins', 'catalog', 'outputs'] as const;
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'] as const;

export const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** True when an image root, links resolved, is the workspace or a folder above it (so keys would be inside it). */
function rootHoldsWorkspace(root: string, workspaceDir: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const realWorkspace = realpathSync(workspaceDir);
    return realRoot === realWorkspace || isInside(realRoot, realWorkspace);
  } catch {
    return false;
  }
}

/** `twins/tw_a/poses/front.png` → the real file, contained in `<workspace>/twins`. */
export function resolveWorkspaceImage(
  workspaceDir: string,
  relativeUrlPath: string,
): { file: string; contentType: string } {
  const slash = relativeUrlPath.indexOf('/');
  const first = slash < 0 ? relativeUrlPath : relativeUrlPath.slice(0, slash);
  if (!(IMAGE_ROOTS as readonly string[]).includes(first)) {
    throw new StudioError(
      'PATH_OUTSIDE_ROOT',
      `Expected an image under ${IMAGE_ROOTS.join('/, ')}/ of the workspace; got ${JSON.stringify(relativeUrlPath)}`,
      { path: relativeUrlPath },
    );
  }
  const root = path.join(workspaceDir, first);
  if (rootHoldsWorkspace(root, workspaceDir)) {
    throw new StudioError(
      'PATH_OUTSIDE_ROOT',
      `The workspace's ${first}/ folder is a link to the workspace itself or above it; refusing to serve from it`,
      { path: relativeUrlPath },
    );
  }
  const file = resolveContained([root], relativeUrlPath.slice(slash + 1), IMAGE_EXTENSIONS);
  return { file, contentType: IMAGE_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
