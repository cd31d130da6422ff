import { parseInput, type MethodName, type Result } from '../contract/index.ts';
import { toStudioError } from '../errors/index.ts';
import type { StudioHandlers } from './createStudioHandlers.ts';

export type Dispatch = (method: string, rawInput: unknown) => Promise<Result<unknown>>;

/**
 * Parses the input with the contract schema before any handler runs, then calls the handler and turns
 * anything thrown into `{ ok: false, error }` with its stable code. Unexpected errors are reported to `onInternal`.
 */
export function createDispatcher(
  handlers: StudioHandlers,
  onInternal: (method: string, error: unknown) => void = () => {},
): Dispatch {
  return async (method, rawInput) => {
    const parsed = parseInput(method, rawInput);
    if (!parsed.ok) return parsed;
    const handler = handlers[parsed.value.method as MethodName] as (input: unknown) => unknown;
    try {
      return { ok: true, value: await handler(parsed.value.input) };
    } catch (error) {
      const e = toStudioError(error);
      if (e.code === 'INTERNAL') onInternal(method, error);
      return { ok: false, error: { code: e.code, message: e.message, details: e.details } };
    }
  };
}
