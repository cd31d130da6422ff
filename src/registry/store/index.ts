import { openPostgresStore } from './pgStore.ts';
import { openSqliteStore } from './sqliteStore.ts';
import { migrateRegistry } from './migrations.ts';
import type { RegistryStore } from './types.ts';

export type { RegistryStore, SqlRunner, SqlValue } from './types.ts';
export { REGISTRY_MIGRATIONS } from './migrations.ts';

/** Opens and migrates the registry database: a `postgres://` URL, or else a SQLite file path. */
export async function openRegistryStore(spec: string): Promise<RegistryStore> {
  const store = /^postgres(ql)?:\/\//.test(spec) ? openPostgresStore(spec) : openSqliteStore(spec);
  try {
    await migrateRegistry(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
