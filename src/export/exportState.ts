import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { readJsonFile, writeJsonAtomic } from '../workspace/index.ts';
import { presetSchema, type ExportPreset } from './preset.schema.ts';

export const STATE_FILE = 'export-state.json';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const itemSchema = z.object({ file: z.string().min(1), sha256: hex64, exportRecordId: z.uuid() }).strict();
const stateSchema = z
  .object({ format: z.literal('export-state/1'), preset: presetSchema, items: z.record(z.string(), itemSchema) })
  .strict();
export type ExportStateItem = z.infer<typeof itemSchema>;

/**
 * What a batch folder already holds, by output id: lets a re-run skip files written with the right hash
 * and never record a second export for one. Written after every file, atomically.
 */
export function openExportState(dir: string, preset: ExportPreset) {
  const file = path.join(dir, STATE_FILE);
  const loaded = existsSync(file)
    ? readJsonFile(file, stateSchema, 'EXPORT_STATE_INVALID', 'The export state')
    : undefined;
  if (loaded && canonicalJson(loaded.preset) !== canonicalJson(preset)) {
    throw new StudioError(
      'EXPORT_BATCH_MISMATCH',
      `The batch in ${dir} was made with preset ${loaded.preset.name} as it was then; export preset ${preset.name} to a new folder`,
      {
        dir,
        batchPreset: loaded.preset.name,
        preset: preset.name,
      },
    );
  }
  const items = new Map<string, ExportStateItem>(Object.entries(loaded?.items ?? {}));
  const save = () =>
    writeJsonAtomic(file, {
      format: 'export-state/1',
      preset,
      items: Object.fromEntries([...items].sort(([a], [b]) => a.localeCompare(b))),
    });
  return {
    get: (outputId: string) => items.get(outputId),
    entries: () => [...items],
    set(outputId: string, item: ExportStateItem): void {
      items.set(outputId, item);
      save();
    },
    remove(outputId: string): void {
      if (items.delete(outputId)) save();
    },
    save,
  };
}
export type ExportState = ReturnType<typeof openExportState>;
