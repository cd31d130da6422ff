import { rmSync } from 'node:fs';
import path from 'node:path';
import { StudioError, toStudioError } from '../errors/index.ts';

/** Where browser-mode uploads are staged, one fresh folder each, before an import copies them into the workspace. */
export const uploadsDir = (tmpDir: string): string => path.join(tmpDir, 'uploads');

/** The staging folder (tmp/uploads/<id>) that `location` lies in, or null for a path the user picked. */
function stagingFolderOf(tmpDir: string, location: string): string | null {
  const root = uploadsDir(tmpDir);
  const rel = path.relative(root, path.resolve(location));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return path.join(root, rel.split(path.sep)[0]!);
}

/** Image-library wording a user cannot act on, said in plain words with what to do. */
const LIBRARY_TEXT: [RegExp, string][] = [
  [
    /Input (?:buffer|file) contains unsupported image format/g,
    'it is not a PNG, JPEG or WebP image, or it is damaged; save it again as PNG and import it again',
  ],
  [/Input file is missing/g, 'the file is missing; pick it again'],
  [
    /\b(?:Vips\w*|pngload\w*|jpegload\w*|webpload\w*): [^;]*/g,
    'the image is damaged; save it again and import it again',
  ],
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function plainText(text: string, folder: string | null): string {
  let out = text;
  if (folder) {
    // A staged file reads as the name it was picked under; the folder itself as "the uploaded files".
    const sep = `[${escape(path.sep)}/]`;
    out = out.replace(new RegExp(`${escape(folder)}${sep}([^\\s'"\`,;:)]+)`, 'g'), (_m, name: string) => name);
    out = out.replaceAll(folder, 'the uploaded files');
  }
  for (const [pattern, plain] of LIBRARY_TEXT) out = out.replace(pattern, plain);
  return out;
}

function plainDetails(details: Record<string, unknown>, folder: string | null): Record<string, unknown> {
  const text = JSON.stringify(details);
  const plain = plainText(text, folder);
  return plain === text ? details : (JSON.parse(plain) as Record<string, unknown>);
}

/**
 * Runs an import of `location`. A refusal says what to do in plain words (no image-library jargon), and for an
 * upload names the files as the user picked them, never the staging folder; the staging folder is removed after
 * the import, whether it succeeded or not. A path the user picked (Electron, CLI) is never removed.
 */
export async function importFrom<T>(tmpDir: string, location: string, run: () => Promise<T>): Promise<T> {
  const folder = stagingFolderOf(tmpDir, location);
  try {
    return await run();
  } catch (error) {
    const e = toStudioError(error);
    const message = plainText(e.message, folder);
    if (message === e.message && !folder) throw e;
    throw new StudioError(e.code, message, plainDetails(e.details, folder), { cause: error });
  } finally {
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
}
