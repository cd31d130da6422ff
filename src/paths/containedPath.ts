import { realpathSync } from 'node:fs';
import path from 'node:path';
import { httpStatusOf, isStudioError, StudioError } from '../errors/index.ts';

/**
 * Resolves a forward-slash relative path (as it arrives in a URL) to a real file inside one of `roots`,
 * or throws PATH_OUTSIDE_ROOT / PATH_NOT_FOUND. Segments are decoded one by one and `..`, `.`, empty
 * segments (an absolute path), backslashes and NUL are refused before touching the disk; then the real
 * path (symlinks followed) must still lie inside a root's real path. Used by the HTTP file route and
 * Electron's twin-file:// protocol.
 */
export function resolveContained(
  roots: readonly string[],
  relativeUrlPath: string,
  extensions?: readonly string[],
): string {
  const refuse = (why: string): never => {
    throw new StudioError(
      'PATH_OUTSIDE_ROOT',
      `Expected a file inside the workspace; ${JSON.stringify(relativeUrlPath)} ${why}`,
      { path: relativeUrlPath },
    );
  };
  let segments: string[];
  try {
    segments = relativeUrlPath.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return refuse('is not a valid URL path');
  }
  if (
    segments.length === 0 ||
    segments.some(
      (s) =>
        s === '' ||
        s === '.' ||
        s === '..' ||
        s.includes('\\') ||
        s.includes('/') ||
        s.includes('\0') ||
        /^[A-Za-z]:/.test(s),
    )
  ) {
    refuse('is absolute or climbs out of it');
  }
  if (extensions && !extensions.includes(path.extname(segments[segments.length - 1]!).toLowerCase()))
    refuse(`is not one of ${extensions.join(', ')}`);
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      continue;
    }
    const candidate = path.join(root, ...segments);
    if (!isInside(path.resolve(root), candidate)) continue;
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      continue;
    }
    if (!isInside(realRoot, real)) refuse('resolves (through a link) to a place outside it');
    // The name was checked above; a link named x.png may point at any file, so its target is checked too.
    if (extensions && !extensions.includes(path.extname(real).toLowerCase()))
      refuse(`is a link to a file that is not one of ${extensions.join(', ')}`);
    return real;
  }
  throw new StudioError('PATH_NOT_FOUND', `No file at ${JSON.stringify(relativeUrlPath)} in the workspace`, {
    path: relativeUrlPath,
  });
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The plain-text answer a file route gives when resolving failed: its status comes from the error catalogue. */
export function fileRefusal(error: unknown): { status: number; text: string } {
  const status = isStudioError(error) ? httpStatusOf(error.code) : httpStatusOf('PATH_NOT_FOUND');
  return { status, text: status === httpStatusOf('PATH_OUTSIDE_ROOT') ? 'Forbidden' : 'Not found' };
}
