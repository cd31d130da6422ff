import { readFileSync } from 'node:fs';
import { StudioError, type ErrorCode } from '../errors/index.ts';
import { parseJson } from '../validation.ts';

/** Reads a JSON file given on the command line; a missing or bad file is a clear StudioError. */
export function readJsonArg(file: string, code: ErrorCode, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new StudioError(code, `Cannot read ${what} ${file}: ${(cause as Error).message}`, { file }, { cause });
  }
  return parseJson(text, code, `${what} ${file}`, { file });
}
