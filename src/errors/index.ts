import type { ErrorCode } from './codes.ts';

export {
  ERROR_CODES,
  errorCodeOf,
  exitCodeOf,
  httpStatusOf,
  isErrorCode,
  type ErrorCode,
  type ErrorSpec,
} from './codes.ts';
export { describeIssue, describeReceived, expectedFor, issuePath, type SchemaIssue } from './expected.ts';

/**
 * Every error the core raises on purpose is a StudioError with a stable `code` from the catalogue
 * (codes.ts) and the facts a caller needs to act on (`details`). Codes are part of the CLI and API
 * contract: scripts match on them.
 */
export class StudioError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StudioError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** A broken invariant inside our own code. Never used for bad user input. */
export class BugError extends StudioError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BUG', message, details);
    this.name = 'BugError';
  }
}

export function isStudioError(value: unknown): value is StudioError {
  return value instanceof StudioError;
}

/** Turns anything thrown into a StudioError, keeping the original as the cause. */
export function toStudioError(value: unknown, code: ErrorCode = 'INTERNAL'): StudioError {
  if (value instanceof StudioError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new StudioError(code, message, {}, { cause: value });
}
