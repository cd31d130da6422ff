import { openPostgresStore } from './pgStore.ts';
import { openSqliteStore } from './sqliteStore.ts';
import { migrateRegistry } from './migrations.ts';
import type { RegistryStore } from './types.ts';
import { defaultRegistryKeyDir, moveKeysOutOfDatabase } from '../keyFiles.ts';

export type { RegistryStore, SqlRunner, SqlValue } from './types.ts';
export { REGISTRY_MIGRATIONS } from './migrations.ts';

export interface RegistryStoreOptions {
  /** Where the private key files live (default: `<db>.keys/` beside a SQLite file; none for PostgreSQL). */
  keyDir?: string | null;
}

/**
 * Opens and migrates the registry database: a `postgres://` URL, or else a SQLite file path. Private keys an older
 * registry kept in the database move out to the key folder.
 */
export async function openRegistryStore(spec: string, options: RegistryStoreOptions = {}): Promise<RegistryStore> {
  const opened = /^postgres(ql)?:\/\//.test(spec) ? openPostgresStore(spec) : openSqliteStore(spec);
  const store: RegistryStore = Object.assign(opened, { keyDir: options.keyDir ?? defaultRegistryKeyDir(spec) });
  try {
    await migrateRegistry(store);
    await moveKeysOutOfDatabase(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
