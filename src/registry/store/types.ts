export type SqlValue = string | number | null;

/** One connection's worth of queries; SQL uses `?` placeholders in both dialects. */
export interface SqlRunner {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
}

/**
 * The registry's storage: SQLite or PostgreSQL behind the same SQL text. `write` runs a transaction that holds
 * the single writer lock, so log positions and change-feed cursors follow commit order.
 */
export interface RegistryStore extends SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  /** The folder of the registry's private key files (keyFiles.ts); absent: the keys stay in the database. */
  readonly keyDir?: string | null;
  write<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}
