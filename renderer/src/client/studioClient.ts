import {
  unwrap,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StudioBridge,
  type StudioEvent,
} from '../../../src/contract/index.ts';
import { createHttpTransport } from './httpTransport.ts';
import { createIpcTransport } from './ipcTransport.ts';
import type { Transport } from './transport.ts';

export type ImportKind = 'twin' | 'licence' | 'garment' | 'scene';

/** Which import a set of files is: a .twinpack, a *.licence.json, or a garment/scene folder's JSON + image. */
export function classifyFiles(files: File[]): { kind: ImportKind; files: File[] }[] {
  const groups: { kind: ImportKind; files: File[] }[] = [];
  const images = files.filter((f) => /\.(png|jpe?g|webp)$/i.test(f.name));
  for (const f of files) {
    if (/\.twinpack$/i.test(f.name)) groups.push({ kind: 'twin', files: [f] });
    else if (/\.licence\.json$/i.test(f.name)) groups.push({ kind: 'licence', files: [f] });
    else if (f.name === 'garment.json') groups.push({ kind: 'garment', files: [f, ...images] });
    else if (f.name === 'scene.json') groups.push({ kind: 'scene', files: [f, ...images] });
  }
  // A pack before its licence: a licence is refused for a twin that is not imported yet.
  const order: ImportKind[] = ['twin', 'licence', 'garment', 'scene'];
  return groups.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** The renderer's only door to the core: typed calls that throw StudioApiError with the core's code. */
export function createStudioClient(transport: Transport) {
  return {
    mode: transport.mode,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      return unwrap(method, await transport.call(method, input)) as MethodOutput<M>;
    },
    onEvent: (listener: (event: StudioEvent) => void) => transport.onEvent(listener),
    fileUrl: (rel: string) => transport.fileUrl(rel),
    /** Picked or dropped files as paths the core can read (browser mode uploads them to a staging folder). */
    stage: (files: File[]) => transport.stage(files),
    /** Imports whatever the user picked or dropped; returns one line per import, good or refused. */
    async importFiles(
      files: File[],
    ): Promise<{ kind: ImportKind | 'unknown'; name: string; ok: boolean; message: string }[]> {
      const groups = classifyFiles(files);
      if (groups.length === 0) {
        return [
          {
            kind: 'unknown',
            name: files.map((f) => f.name).join(', '),
            ok: false,
            message: 'Expected a .twinpack, a *.licence.json, or a garment.json / scene.json with its image',
          },
        ];
      }
      const out = [];
      for (const group of groups) {
        const name = group.files[0]!.name;
        try {
          const staged = await transport.stage(group.files);
          const path = group.kind === 'garment' || group.kind === 'scene' ? staged.dir : staged.paths[0]!;
          const method = (
            {
              twin: 'twins.import',
              licence: 'licences.import',
              garment: 'catalog.importGarment',
              scene: 'catalog.importScene',
            } as const
          )[group.kind];
          const value = (await this.call(method, { path })) as {
            displayName?: string;
            name?: string;
            licenceId?: string;
            summary?: string;
          };
          const what =
            value.displayName ??
            value.name ??
            (value.licenceId ? `licence ${value.licenceId} — ${value.summary ?? ''}` : name);
          out.push({ kind: group.kind, name, ok: true, message: `Imported ${what}` });
        } catch (error) {
          out.push({ kind: group.kind, name, ok: false, message: (error as Error).message });
        }
      }
      return out;
    },
  };
}
export type StudioClient = ReturnType<typeof createStudioClient>;

export function connectStudio(): StudioClient {
  const bridge = (globalThis as { studio?: StudioBridge }).studio;
  return createStudioClient(bridge ? createIpcTransport(bridge) : createHttpTransport());
}
