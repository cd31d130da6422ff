import type { Statement } from 'better-sqlite3';
import { openDatabase } from '../../storage/index.ts';
import { createSerialQueue } from './serial.ts';
import type { RegistryStore, SqlRunner, SqlValue } from './types.ts';

const LOCK_WAIT_MS = 15_000;

export function openSqliteStore(file: string): RegistryStore {
  const db = openDatabase(file);
  const serial = createSerialQueue();
  // A blocking busy wait would stall this thread while another connection in it holds the lock across an await;
  // wait for the write lock asynchronously instead.
  db.pragma('busy_timeout = 0');
  const beginImmediate = async (): Promise<void> => {
    for (let waited = 0; ; waited += 10) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || waited >= LOCK_WAIT_MS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  // Preparing is a large share of a push's cost; the registry uses a small fixed set of statements.
  const prepared = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  };
  const runner: SqlRunner = {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => prepare(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => {
      prepare(sql).run(...params);
    },
  };
  return {
    dialect: 'sqlite',
    ...runner,
    exec: async (script) => {
      db.exec(script);
    },
    // BEGIN IMMEDIATE takes SQLite's write lock up front; the queue keeps our own async steps from interleaving.
    write: (fn) =>
      serial(async () => {
        await beginImmediate();
        try {
          const result = await fn(runner);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: async () => {
      db.close();
    },
  };
}
