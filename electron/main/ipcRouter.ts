import { APP_ORIGIN, IPC_CHANNEL, type Result } from '../../src/contract/index.ts';
import type { Dispatch } from '../../src/api/index.ts';

/** The parts of Electron's IpcMainInvokeEvent the router looks at. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent?: unknown } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export function isAppUrl(url: string, appOrigin = APP_ORIGIN): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === appOrigin;
  } catch {
    return false;
  }
}

/**
 * Main's side of the bridge, in order: the sender must be our app's top frame, the payload must be
 * `{ method, input }`, the input must parse with the contract schema (dispatch does that), then the handler.
 */
export function createIpcRouter(deps: { dispatch: Dispatch; appOrigin?: string }) {
  const { dispatch, appOrigin = APP_ORIGIN } = deps;
  return async (event: InvokeEventLike, payload: unknown): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent || !isAppUrl(frame.url, appOrigin)) {
      return {
        ok: false,
        error: {
          code: 'IPC_SENDER_REFUSED',
          message: `Expected a call from the studio window (${appOrigin}); got one from ${frame?.url ?? 'a destroyed frame'}`,
          details: { url: frame?.url ?? null },
        },
      };
    }
    if (!payload || typeof payload !== 'object' || typeof (payload as { method?: unknown }).method !== 'string') {
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: 'Expected an IPC payload { method, input }',
          details: { fields: ['method'] },
        },
      };
    }
    const { method, input } = payload as { method: string; input?: unknown };
    return dispatch(method, input);
  };
}

export function registerIpcRouter(ipcMain: IpcMainLike, router: ReturnType<typeof createIpcRouter>): () => void {
  ipcMain.handle(IPC_CHANNEL, router);
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}
