import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { parseJson, parseWith } from '../validation.ts';
import type { ErrorCode } from '../errors/index.ts';

export interface WriteOptions {
  /** The file's permission bits (e.g. 0o600 for a secret), set before any byte is written. */
  mode?: number;
}

/** Writes a file so that a crash leaves the old content or the new, never half: temp file, fsync, rename. */
export function writeFileAtomic(file: string, data: string | Buffer, options: WriteOptions = {}): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', options.mode ?? 0o666);
  try {
    // A temp file left by a crash keeps its old mode through 'w': set the mode again before writing.
    if (options.mode !== undefined) fchmodSync(fd, options.mode);
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function writeJsonAtomic(file: string, value: unknown, options: WriteOptions = {}): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, options);
}

export function readJsonFile<S extends z.ZodType>(file: string, schema: S, code: ErrorCode, what: string): z.infer<S> {
  const details = { file };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    return parseWith(
      schema,
      parseJson('', code, `${what} (${file}: ${(cause as Error).message})`, details),
      code,
      what,
      details,
    );
  }
  return parseWith(schema, parseJson(text, code, `${what} (${file})`, details), code, what, details);
}
