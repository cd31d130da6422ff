import type { MethodInput, MethodName, MethodOutput } from './methods.ts';
import type { StudioEvent } from './render.wire.ts';
import type { Result } from './result.ts';

type GroupOf<M extends string> = M extends `${infer G}.${string}` ? G : never;
type NameIn<M extends string, G extends string> = M extends `${G}.${infer N}` ? N : never;
type Joined<G extends string, N extends string> = Extract<MethodName, `${G}.${N}`>;

/**
 * What the preload exposes as `window.studio`: one named function per contract method
 * (`studio.twins.list({})`), each answering a Result (errors cross contextBridge as data, and the
 * renderer rebuilds the typed error). Never ipcRenderer itself.
 */
export type StudioBridge = {
  [G in GroupOf<MethodName>]: {
    [N in NameIn<MethodName, G>]: (input: MethodInput<Joined<G, N>>) => Promise<Result<MethodOutput<Joined<G, N>>>>;
  };
} & {
  onEvent(listener: (event: StudioEvent) => void): () => void;
  /** The local path of a dropped or picked File (Electron only): imports take paths. */
  pathForFile(file: unknown): string;
  /** The URL under which a workspace-relative image is served (twin-file://workspace/…). */
  fileUrl(relativePath: string): string;
};

export function splitMethod(method: MethodName): [string, string] {
  const dot = method.indexOf('.');
  return [method.slice(0, dot), method.slice(dot + 1)];
}
