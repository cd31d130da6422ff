import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

const LOCK_SUFFIX = '.lock';

/**
 * Tells a running commit from one whose process died. Each open studio holds an exclusive SQLite lock on its own
 * small file (`<token>.lock`) for as long as it lives; the operating system drops the lock when the process ends,
 * however it ends (SIGKILL, power cut), and SQLite also sees locks held by other connections of the same process.
 * Recovery touches only commits whose owner's lock it can take.
 */
export interface OwnerLock {
  /** Names this owner in the commit journal. */
  readonly token: string;
  release(): void;
}

function lockFile(dir: string, token: string): string {
  return path.join(dir, `${token}${LOCK_SUFFIX}`);
}

// Strong references to the held locks: a lock must last as long as its process unless released, even when the studio
// that took it is dropped without close() (garbage collection would otherwise close the database and free the lock).
const held = new Set<Database.Database>();

const isBusy = (error: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code));

/** Takes a fresh owner lock in `dir`. */
export function createOwnerLock(dir: string): OwnerLock {
  mkdirSync(dir, { recursive: true });
  const token = randomUUID();
  const file = lockFile(dir, token);
  // Locked under a temporary name, then renamed: a file under its final name is always locked by a live owner
  // or left by a dead one, never caught between creation and locking by a prober that would remove it. Windows
  // cannot rename a file SQLite holds open; there the file is locked under its final name (a window of microseconds).
  const staging = process.platform === 'win32' ? file : `${file}.new`;
  const db = new Database(staging, { timeout: 0 });
  // No journal file beside the lock: the database is never written, it only carries the lock.
  db.pragma('journal_mode = MEMORY');
  db.exec('BEGIN EXCLUSIVE');
  if (staging !== file) renameSync(staging, file);
  held.add(db);
  let released = false;
  return {
    token,
    release() {
      if (released) return;
      released = true;
      held.delete(db);
      db.close();
      // Tokens are never reused, so removing the file after unlocking it cannot touch another owner's lock.
      rmSync(file, { force: true });
    },
  };
}

/**
 * Whether the owner is gone: its lock file is missing or its lock can be taken. When `remove` is set and the owner is
 * gone, its lock file is deleted.
 */
export function ownerIsGone(dir: string, token: string, options: { remove?: boolean } = {}): boolean {
  const file = lockFile(dir, token);
  if (!existsSync(file)) return true;
  let db: Database.Database | undefined;
  try {
    // No pragma before the probe: even reading the journal mode waits on (or fails at) the owner's lock.
    db = new Database(file, { fileMustExist: true, timeout: 0 });
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db?.close();
    if (isBusy(error)) return false;
    // Deleted between the check and the open: its owner released it.
    if (!existsSync(file)) return true;
    throw error;
  }
  db.exec('ROLLBACK');
  db.close();
  rmSync(`${file}-journal`, { force: true });
  if (options.remove) rmSync(file, { force: true });
  return true;
}

/** Lock files of owners that died without releasing them, removed. Returns their tokens. */
export function removeDeadOwnerLocks(dir: string, except: string): string[] {
  if (!existsSync(dir)) return [];
  const tokens = readdirSync(dir)
    .filter((name) => name.endsWith(LOCK_SUFFIX))
    .map((name) => name.slice(0, -LOCK_SUFFIX.length))
    .filter((token) => token !== except);
  return tokens.filter((token) => ownerIsGone(dir, token, { remove: true }));
}
