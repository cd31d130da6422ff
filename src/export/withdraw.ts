import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../crypto/index.ts';
import type { ExportState } from './exportState.ts';

/**
 * Takes back the files an earlier run wrote whose outputs may no longer leave (held back now, or no longer
 * approved): each is dropped from the state, and its file removed only while it is still the one this batch wrote
 * (same hash) — anything else there is not ours. Returns the removed file names.
 */
export function withdrawStale(dir: string, state: ExportState, kept: ReadonlySet<string>): string[] {
  const withdrawn: string[] = [];
  for (const [outputId, item] of state.entries()) {
    if (kept.has(outputId)) continue;
    state.remove(outputId);
    const file = path.join(dir, item.file);
    if (existsSync(file) && sha256Hex(readFileSync(file)) === item.sha256) {
      rmSync(file);
      withdrawn.push(item.file);
    }
  }
  return withdrawn;
}
