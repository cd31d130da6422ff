import type { MethodName, Result, StudioBridge } from '../../../src/contract/index.ts';
import { splitMethod } from '../../../src/contract/index.ts';
import type { Transport } from './transport.ts';

/** Electron: window.studio's named functions; dropped files already have local paths. */
export function createIpcTransport(bridge: StudioBridge): Transport {
  const groups = bridge as unknown as Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>>;
  return {
    mode: 'electron',
    call(method, input) {
      const [group, name] = splitMethod(method as MethodName);
      const fn = groups[group]?.[name];
      if (!fn)
        return Promise.resolve({
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `The preload does not expose ${method}`, details: { method } },
        });
      return fn(input ?? {});
    },
    onEvent: (listener) => bridge.onEvent(listener),
    fileUrl: (rel) => bridge.fileUrl(rel),
    async stage(files) {
      const paths = files.map((f) => bridge.pathForFile(f));
      const first = paths[0] ?? '';
      return { dir: first.slice(0, Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'))), paths };
    },
  };
}
