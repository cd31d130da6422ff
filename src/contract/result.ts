import type { ErrorCode } from '../errors/codes.ts';

/** What crosses every boundary (IPC, HTTP): only plain data survives, so errors travel as a value. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

/**
 * The client-side error rebuilt from a `{ ok: false }` result: the same stable `code` and facts the core
 * raised, so the UI can match on codes and show the message where the action happened.
 */
export class StudioApiError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly method: string;

  constructor(method: string, error: WireError) {
    super(error.message);
    this.name = 'StudioApiError';
    this.method = method;
    this.code = error.code;
    this.details = error.details;
  }
}

/** Unwraps a result or throws the typed error. */
export function unwrap<T>(method: string, result: Result<T>): T {
  if (result.ok) return result.value;
  throw new StudioApiError(method, result.error);
}

export function isResult(value: unknown): value is Result<unknown> {
  if (!value || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: unknown };
  return v.ok === true ? 'value' in v : v.ok === false && typeof v.error === 'object' && v.error !== null;
}
