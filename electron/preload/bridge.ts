import {
  FILE_ORIGIN,
  IPC_CHANNEL,
  IPC_EVENT_CHANNEL,
  METHOD_NAMES,
  splitMethod,
  type Result,
  type StudioBridge,
  type StudioEvent,
} from '../../src/contract/index.ts';

export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}
export interface WebUtilsLike {
  getPathForFile(file: never): string;
}

/** One function per contract method, all going through the one invoke channel that main checks. */
export function buildStudioBridge(ipc: IpcRendererLike, webUtils: WebUtilsLike): StudioBridge {
  const groups: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const method of METHOD_NAMES) {
    const [group, name] = splitMethod(method);
    groups[group] ??= {};
    groups[group][name] = (input: unknown) =>
      ipc.invoke(IPC_CHANNEL, { method, input: input ?? {} }) as Promise<Result<unknown>>;
  }
  return {
    ...groups,
    onEvent(listener: (event: StudioEvent) => void) {
      const handler = (_event: unknown, payload: unknown) => listener(payload as StudioEvent);
      ipc.on(IPC_EVENT_CHANNEL, handler);
      return () => void ipc.removeListener(IPC_EVENT_CHANNEL, handler);
    },
    pathForFile: (file: unknown) => webUtils.getPathForFile(file as never),
    fileUrl: (relativePath: string) => `${FILE_ORIGIN}/${relativePath.split('/').map(encodeURIComponent).join('/')}`,
  } as unknown as StudioBridge;
}
