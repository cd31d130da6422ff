import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/crypto/index.ts';
import {
  loadOrCreateRegistryKey,
  openRegistryStore,
  rotateRegistryKey,
  type RegistryStore,
} from '../../src/registry/index.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';

/** The base64 body of a PEM: what a copy of the database must not contain. */
const pemBody = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** Every byte SQLite keeps for a database: the file and its write-ahead log. */
function sqliteBytes(db: string): string {
  return [db, `${db}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
}

async function privateColumn(store: RegistryStore): Promise<string[]> {
  const rows = await store.all<{ private_key_pem: string }>(
    'SELECT private_key_pem FROM registry_keys ORDER BY key_id',
  );
  return rows.map((r) => r.private_key_pem);
}

describe.each<DbKind>(['sqlite', 'postgres'])("the registry's private key on %s", (kind) => {
  let dbs: DbFactory;
  const home = mkdtempSync(path.join(tmpdir(), 'twin-registry-keys-'));
  let count = 0;
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterAll(() => {
    dbs?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  const fresh = async () => ({ db: await dbs.fresh(), keyDir: path.join(home, `keys-${++count}`) });

  it('lives in a 0600 file outside the database, and the same key is loaded again', async () => {
    const { db, keyDir } = await fresh();
    let store = await openRegistryStore(db, { keyDir });
    const key = await loadOrCreateRegistryKey(store, fixtureClock);
    expect(await privateColumn(store)).toEqual(['']);
    const file = path.join(keyDir, `${key.keyId}.key.json`);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    }
    // A rotation's new key goes the same way.
    const { key: next } = await rotateRegistryKey(store, fixtureClock);
    expect(await privateColumn(store)).toEqual(['', '']);
    expect(existsSync(path.join(keyDir, `${next.keyId}.key.json`))).toBe(true);
    await store.close();
    if (kind === 'sqlite') {
      expect(sqliteBytes(db)).not.toContain(pemBody(key.privateKeyPem));
      expect(sqliteBytes(db)).not.toContain(pemBody(next.privateKeyPem));
    }
    store = await openRegistryStore(db, { keyDir });
    try {
      expect(await loadOrCreateRegistryKey(store, fixtureClock)).toEqual(next);
    } finally {
      await store.close();
    }
  });

  it('moves a key an older registry kept in its database out to its file, and blanks the column', async () => {
    const { db, keyDir } = await fresh();
    const old = generateKeyPair();
    // An older registry's layout: the private key in the row (written here straight into the table).
    let store = await openRegistryStore(db, { keyDir });
    await store.write((tx) =>
      tx.run('INSERT INTO registry_keys (key_id, public_key_pem, private_key_pem, created_at) VALUES (?, ?, ?, ?)', [
        old.keyId,
        old.publicKeyPem,
        old.privateKeyPem,
        fixtureClock().toISOString(),
      ]),
    );
    await store.close();
    if (kind === 'sqlite') expect(sqliteBytes(db)).toContain(pemBody(old.privateKeyPem));

    store = await openRegistryStore(db, { keyDir });
    try {
      expect(await privateColumn(store)).toEqual(['']);
      expect(existsSync(path.join(keyDir, `${old.keyId}.key.json`))).toBe(true);
      expect(await loadOrCreateRegistryKey(store, fixtureClock)).toEqual(old);
    } finally {
      await store.close();
    }
    // Vacuumed: not in a free page or the write-ahead log either.
    if (kind === 'sqlite') expect(sqliteBytes(db)).not.toContain(pemBody(old.privateKeyPem));
  });

  it('refuses to sign when the key file is gone, and does not make a new key in its place', async () => {
    const { db, keyDir } = await fresh();
    const store = await openRegistryStore(db, { keyDir });
    try {
      const key = await loadOrCreateRegistryKey(store, fixtureClock);
      unlinkSync(path.join(keyDir, `${key.keyId}.key.json`));
      await expect(loadOrCreateRegistryKey(store, fixtureClock)).rejects.toMatchObject({
        code: 'SIGNING_KEY_MISSING',
        details: { keyId: key.keyId },
      });
      expect(await privateColumn(store)).toEqual(['']);
    } finally {
      await store.close();
    }
  });
});

describe('a SQLite registry with no key folder named', () => {
  it('keeps its key files in <db>.keys beside the database', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'twin-registry-default-'));
    try {
      const db = path.join(dir, 'registry.sqlite');
      const store = await openRegistryStore(db);
      try {
        const key = await loadOrCreateRegistryKey(store, fixtureClock);
        expect(existsSync(path.join(`${db}.keys`, `${key.keyId}.key.json`))).toBe(true);
        expect(await privateColumn(store)).toEqual(['']);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
