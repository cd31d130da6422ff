import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { StudioError } from '../errors/index.ts';
import { migrateShot, type Shot } from '../shots/index.ts';
import type { Db } from '../storage/index.ts';
import { parseJson } from '../validation.ts';
import { writeJsonAtomic } from './files.ts';
import type { WorkspaceLayout } from './layout.ts';

/**
 * Shots are JSON documents under shots/, written atomically (temp file + rename) so an autosave never leaves
 * half a file. Each save names the revision it was edited from: the stored revision is read, compared and
 * bumped while holding the workspace database's write lock (BEGIN IMMEDIATE), which every process and window
 * on this workspace shares, so of two saves from the same revision exactly one lands and the other is
 * refused as SHOT_STALE, never silently overwritten.
 */
export function createShotsRepo(deps: { layout: WorkspaceLayout; db: Db }) {
  const { layout, db } = deps;
  const storedRevision = (shotId: string): number | null => {
    const file = layout.shot(shotId);
    return existsSync(file) ? readShotFile(file).revision : null;
  };
  const compareAndWrite = db.transaction((valid: Shot): Shot => {
    const current = storedRevision(valid.shotId);
    if (current !== null && current !== valid.revision) {
      throw new StudioError(
        'SHOT_STALE',
        `Shot ${valid.shotId} was saved elsewhere (now revision ${current}); this copy was edited from revision ` +
          `${valid.revision}. Reload it, or save again naming revision ${current} to keep this version`,
        { shotId: valid.shotId, revision: current, yours: valid.revision },
      );
    }
    const saved: Shot = { ...valid, revision: (current ?? valid.revision) + 1 };
    writeJsonAtomic(layout.shot(valid.shotId), saved);
    return saved;
  });
  return {
    /** Saves a shot edited from `shot.revision`; answers the stored shot (its revision one higher). */
    save(shot: Shot): Shot {
      return compareAndWrite.immediate(migrateShot(shot));
    },
    load(shotId: string): Shot {
      const file = layout.shot(shotId);
      if (!existsSync(file))
        throw new StudioError('SHOT_NOT_FOUND', `Shot ${shotId} is not in this workspace`, { shotId });
      return readShotFile(file);
    },
    list(): Shot[] {
      return readdirSync(layout.shots)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => readShotFile(`${layout.shots}/${f}`));
    },
  };
}
export type ShotsRepo = ReturnType<typeof createShotsRepo>;

export function readShotFile(file: string): Shot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new StudioError(
      'SHOT_NOT_FOUND',
      `Cannot read shot ${file}: ${(cause as Error).message}`,
      { file },
      { cause },
    );
  }
  return migrateShot(parseJson(text, 'SHOT_INVALID', `Shot ${file}`, { file }), `Shot ${file}`);
}
