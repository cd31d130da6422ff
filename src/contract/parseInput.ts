import type { z } from 'zod';
import { describeIssue, expectedFor, issuePath } from '../errors/expected.ts';
import { CONTRACT, isMethodName, type MethodName, type ParsedInput } from './methods.ts';
import type { Result } from './result.ts';

/**
 * Parses a raw payload with the method's schema. Used at every boundary (IPC router, HTTP bridge)
 * before any handler runs; an unknown method or a bad field comes back as a result naming it.
 */
export function parseInput(
  method: string,
  raw: unknown,
): Result<{ method: MethodName; input: ParsedInput<MethodName> }> {
  if (!isMethodName(method)) {
    const message = expectedFor('one of the studio API methods', 'the method', method);
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message, details: { method } } };
  }
  const schema = CONTRACT[method].input as z.ZodType;
  const input = raw ?? {};
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: { method, input: parsed.data as ParsedInput<MethodName> } };
  const fields = parsed.error.issues.map((i) => issuePath(i));
  const lines = parsed.error.issues.map((i) => describeIssue(i, input));
  return {
    ok: false,
    error: {
      code: 'INVALID_INPUT',
      message: `${method} received a bad input — ${lines.join('; ')}`,
      details: { method, fields },
    },
  };
}
