/**
 * Child process for the cross-process revision test: opens the workspace WORKSPACE_DIR, waits for the file GO
 * (so every child saves at once; it prints `ready` while it waits), then saves shot SHOT_ID renamed NAME from revision BASE and prints
 * `saved <revision>` or the error's code. Run with Node 24 (type stripping).
 */
import { existsSync } from 'node:fs';
import { systemClock } from '../../src/clock/index.ts';
import { toStudioError } from '../../src/errors/index.ts';
import { createWorkspace } from '../../src/workspace/index.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`shotSaveChild needs ${name}`);
  return value;
};

const ws = createWorkspace(env('WORKSPACE_DIR'), systemClock);
const shot = ws.shots.load(env('SHOT_ID'));
const go = env('GO');
process.stdout.write('ready\n');
while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 2));
try {
  const saved = ws.shots.save({ ...shot, name: env('NAME'), revision: Number(env('BASE')) });
  process.stdout.write(`saved ${saved.revision}\n`);
} catch (error) {
  process.stdout.write(`${toStudioError(error).code}\n`);
} finally {
  ws.close();
}
