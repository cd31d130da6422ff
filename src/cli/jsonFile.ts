import { closeSync, openSync, readSync } from 'node:fs';
import { StudioError, type ErrorCode } from '../errors/index.ts';
import { parseJson } from '../validation.ts';

/** The largest JSON document a command reads (a licence or revocation is a few KiB). */
export const JSON_FILE_LIMIT = 1024 * 1024;

/**
 * Reads at most `limit` bytes of a file, refusing anything longer. Reads in chunks rather than trusting the
 * file's size, so a device or a pipe (`/dev/zero`) is refused after `limit` bytes instead of filling memory.
 */
function readBounded(file: string, limit: number, code: ErrorCode, what: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (let n = 1; n > 0 && length <= limit; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > limit) {
      throw new StudioError(code, `Expected ${what} ${file} of at most ${limit} bytes; it is longer`, { file, limit });
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/** Reads a JSON file given on the command line; a missing, oversized or bad file is a clear StudioError. */
export function readJsonArg(file: string, code: ErrorCode, what: string, limit = JSON_FILE_LIMIT): unknown {
  let text: string;
  try {
    text = readBounded(file, limit, code, what);
  } catch (cause) {
    if (cause instanceof StudioError) throw cause;
    throw new StudioError(code, `Cannot read ${what} ${file}: ${(cause as Error).message}`, { file }, { cause });
  }
  return parseJson(text, code, `${what} ${file}`, { file });
}
