import type { z } from 'zod';
import { duplicateKeyIn } from './crypto/canonicalJson.ts';
import { describeIssue, issuePath, StudioError, type ErrorCode } from './errors/index.ts';

/** Words zod issues as "expected … for FIELD but received …", so an error names the field and what arrived. */
export function describeIssues(error: z.ZodError, value: unknown): string {
  return error.issues.map((i) => describeIssue(i, value, issuePath(i, '(root)'))).join('; ');
}

/** Parses `value` with `schema` or throws a StudioError with `code`, naming `what` and the failing fields. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ErrorCode,
  what: string,
  details: Record<string, unknown> = {},
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => i.path.join('.'));
  throw new StudioError(code, `${what} is malformed: ${describeIssues(result.error, value)}`, { ...details, fields });
}

/** JSON.parse that reports where the bad JSON came from, and refuses an object that repeats a key. */
export function parseJson(text: string, code: ErrorCode, what: string, details: Record<string, unknown> = {}): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new StudioError(code, `${what} is not valid JSON: ${(cause as Error).message}`, details, { cause });
  }
  const repeated = duplicateKeyIn(text);
  if (repeated !== null) {
    throw new StudioError(
      code,
      `${what} repeats the key ${JSON.stringify(repeated)} in one object; expected each key once (readers disagree on which value counts)`,
      {
        ...details,
        duplicateKey: repeated,
      },
    );
  }
  return value;
}
