import pg from 'pg';
import { createSerialQueue } from './serial.ts';
import type { RegistryStore, SqlRunner, SqlValue } from './types.ts';

/** The one advisory lock every registry writer takes: a single sequencer even across registry processes. */
const WRITER_LOCK = 6206;

function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// BIGINT and SUM come back as strings from pg; the registry's numbers all fit in a double.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function runnerOf(client: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(toPg(sql), [...params])).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(toPg(sql), [...params])).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => {
      await client.query(toPg(sql), [...params]);
    },
  };
}

export function openPostgresStore(url: string): RegistryStore {
  const pool = new pg.Pool({ connectionString: url, max: 4, types });
  pool.on('error', () => undefined); // a killed server surfaces on the next query instead
  const serial = createSerialQueue();
  return {
    dialect: 'postgres',
    ...runnerOf(pool),
    exec: async (script) => {
      await pool.query(script);
    },
    write: (fn) =>
      serial(async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK]);
          const result = await fn(runnerOf(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      }),
    close: () => pool.end(),
  };
}
