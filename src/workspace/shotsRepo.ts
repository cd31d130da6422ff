import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { StudioError } from '../errors/index.ts';
import { migrateShot, type Shot } from '../shots/index.ts';
import { parseJson } from '../validation.ts';
import { writeJsonAtomic } from './files.ts';
import type { WorkspaceLayout } from './layout.ts';

/** Shots are JSON documents under shots/, written atomically so an autosave never leaves half a file. */
export function createShotsRepo(deps: { layout: WorkspaceLayout }) {
  const { layout } = deps;
  return {
    save(shot: Shot): Shot {
      const valid = migrateShot(shot);
      writeJsonAtomic(layout.shot(valid.shotId), valid);
      return valid;
    },
    load(shotId: string): Shot {
      const file = layout.shot(shotId);
      if (!existsSync(file)) throw new StudioError('SHOT_NOT_FOUND', `Shot ${shotId} is not in this workspace`, { shotId });
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
    throw new StudioError('SHOT_NOT_FOUND', `Cannot read shot ${file}: ${(cause as Error).message}`, { file }, { cause });
  }
  return migrateShot(parseJson(text, 'SHOT_INVALID', `Shot ${file}`, { file }), `Shot ${file}`);
}
