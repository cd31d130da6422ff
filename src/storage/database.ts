import Database from 'better-sqlite3';
import { StudioError } from '../errors/index.ts';

export type Db = Database.Database;

const BUSY_TIMEOUT_MS = 30_000;

/** Opens (creating if needed) a SQLite database in WAL mode with foreign keys on. */
export function openDatabase(file: string): Db {
  let db: Db;
  try {
    db = new Database(file);
  } catch (cause) {
    throw new StudioError(
      'DB_OPEN_FAILED',
      `Could not open the database ${file}: ${(cause as Error).message}`,
      { file },
      { cause },
    );
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Several processes (CLI renders, the studio's queue) write to one workspace at once. Writers begin with
  // BEGIN IMMEDIATE, so a busy database is waited for at the start of a transaction, never mid-way; the wait is
  // long enough for a queue of writers whose commits each end in an fsync on a loaded machine.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

/**
 * Applies a domain's pending migrations in order, in one transaction, remembering the version per domain,
 * so each room (workspace, ledger, queue, review…) owns its tables without one shared numbering.
 */
export function migrate(db: Db, domain: string, steps: readonly string[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (domain TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  // IMMEDIATE takes the write lock before reading the version, so two processes opening a fresh
  // database at once cannot both run the same step.
  db.transaction(() => {
    const row = db.prepare('SELECT version FROM schema_migrations WHERE domain = ?').get(domain) as
      { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > steps.length) {
      throw new StudioError(
        'DB_TOO_NEW',
        `The ${domain} tables are at version ${current}, newer than this app knows (${steps.length}); update Twin Studio`,
        { domain, current, known: steps.length },
      );
    }
    for (let version = current + 1; version <= steps.length; version++) {
      db.exec(steps[version - 1] as string);
      db.prepare(
        'INSERT INTO schema_migrations (domain, version) VALUES (?, ?) ON CONFLICT(domain) DO UPDATE SET version = excluded.version',
      ).run(domain, version);
    }
  }).immediate();
}
