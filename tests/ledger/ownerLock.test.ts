import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createOwnerLock, ownerIsGone } from '../../src/ledger/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

const LOCK_MODULE = path.resolve(import.meta.dirname, '../../src/ledger/ownerLock.ts');

const dirs: ReturnType<typeof tempDir>[] = [];
const locksDir = () => {
  const t = tempDir('owner-lock-');
  dirs.push(t);
  return path.join(t.dir, 'owners');
};
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

describe('owner locks: a live owner is never taken for a dead one', () => {
  it('in one process: alive while held (no waiting), gone once released, its file removed', () => {
    const dir = locksDir();
    const lock = createOwnerLock(dir);
    const t0 = performance.now();
    expect(ownerIsGone(dir, lock.token, { remove: true })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(readdirSync(dir)).toEqual([`${lock.token}.lock`]);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
    expect(ownerIsGone(dir, lock.token)).toBe(true);
  });

  it('in another process: alive while it runs, gone after SIGKILL, its lock file removed by the probe', async () => {
    const dir = locksDir();
    const script = [
      `import { createOwnerLock } from ${JSON.stringify(LOCK_MODULE)};`,
      `const lock = createOwnerLock(${JSON.stringify(dir)});`,
      "process.stdout.write(lock.token + '\\n');",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const args = ['--input-type=module', '-e', script];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    const token = chunk.toString().trim();
    // Time for the child's collector to run: the lock must not depend on the owner keeping a reference.
    await new Promise((r) => setTimeout(r, 300));
    expect(ownerIsGone(dir, token, { remove: true })).toBe(false);
    expect(existsSync(path.join(dir, `${token}.lock`))).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'close');
    expect(ownerIsGone(dir, token, { remove: true })).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});
