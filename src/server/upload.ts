import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { uploadsDir } from '../api/stagedImport.ts';
import { StudioError } from '../errors/index.ts';
import { parseWith } from '../validation.ts';

const uploadSchema = z
  .object({
    files: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,120}$/, 'a plain file name without folders'),
            data: z.string().max(150 * 1024 * 1024),
          })
          .strict(),
      )
      .min(1)
      .max(64),
  })
  .strict();

/**
 * Browser mode cannot hand the server a local path, so the picker uploads the files: they are written into
 * a fresh folder under the workspace's tmp/, and the caller imports that folder (or the single file) with
 * the ordinary import method, which verifies everything as usual and removes the folder afterwards.
 */
export function writeUpload(tmpDir: string, raw: unknown): { dir: string; files: string[] } {
  const { files } = parseWith(uploadSchema, raw, 'INVALID_INPUT', 'The upload');
  const names = new Set<string>();
  const dir = path.join(uploadsDir(tmpDir), randomUUID());
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    if (names.has(file.name))
      throw new StudioError('INVALID_INPUT', `The upload names ${file.name} twice`, { fields: ['files.name'] });
    names.add(file.name);
    const target = path.join(dir, file.name);
    writeFileSync(target, Buffer.from(file.data, 'base64'), { flag: 'wx' });
    written.push(target);
  }
  return { dir, files: written };
}
