import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, startTestPostgres, type TestPostgres } from './postgres.ts';

export type DbKind = 'sqlite' | 'postgres';

export interface DbFactory {
  /** A fresh, empty registry database spec (file path or postgres URL). */
  fresh(): Promise<string>;
  dispose(): void;
}

/** One throwaway home per suite: a temp dir for SQLite files, a throwaway cluster for PostgreSQL. */
export async function createDbFactory(kind: DbKind): Promise<DbFactory> {
  const dir = mkdtempSync(join(tmpdir(), 'twin-registry-'));
  let count = 0;
  let cluster: TestPostgres | null = null;
  if (kind === 'postgres') {
    try {
      cluster = await startTestPostgres();
    } catch (error) {
      console.error(`\n*** The PostgreSQL variant of the registry suite cannot run: ${(error as Error).message}\n`);
      throw error;
    }
  }
  return {
    async fresh() {
      count++;
      if (cluster) return createTestDatabase(cluster.url, `registry_${count}`);
      return join(dir, `registry-${count}.sqlite`);
    },
    dispose() {
      cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
