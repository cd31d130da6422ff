import type { Clock } from '../clock/index.ts';
import type { KeyPairFile } from '../crypto/index.ts';
import { loadOrCreateRegistryKey, rememberRegistryKey } from './registryKey.ts';
import { createRegistryServer } from './server.ts';
import { openRegistryStore, type RegistryStore } from './store/index.ts';

export interface RegistryOptions {
  /** `FILE.sqlite` or `postgres://…`. */
  db: string;
  /** The folder of the private key files (default: `<db>.keys/` beside a SQLite file; PostgreSQL: none, in the database). */
  keyDir?: string | null;
  port?: number;
  host?: string;
  /** Defaults to the key kept in the database (made on first start). */
  registryKey?: KeyPairFile;
  adminToken?: string;
  /** Serve HTTPS with this certificate chain and key (PEM); without it, plain HTTP (loopback, or behind a proxy). */
  tls?: { certPem: string; keyPem: string };
  /** The registry's clock: what it signs into receipts, leases and feed pages (the composition root's). */
  now: Clock;
}

export interface RunningRegistry {
  url: string;
  port: number;
  registryKey: KeyPairFile;
  store: RegistryStore;
  close(): Promise<void>;
}

/** The registry's composition root: opens and migrates the database, then listens (loopback unless told). */
export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const { now } = options;
  const store = await openRegistryStore(options.db, { keyDir: options.keyDir ?? null });
  try {
    const registryKey = options.registryKey ?? (await loadOrCreateRegistryKey(store, now));
    if (options.registryKey) await rememberRegistryKey(store, options.registryKey, now);
    const app = await createRegistryServer({
      store,
      registryKey,
      now,
      ...(options.adminToken ? { adminToken: options.adminToken } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    return {
      url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
      port,
      registryKey,
      store,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
