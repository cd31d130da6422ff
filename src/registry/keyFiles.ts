import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { readKeyPairFile, tightenSecretModes, writeKeyPairFile, type KeyPairFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import type { RegistryStore } from './store/types.ts';

/**
 * The registry's private keys live outside its database, one file per key (`<keyId>.key.json`, 0600, in a 0700
 * folder): a copy of the database (a backup, a replica, a dump handed to support) then signs nothing. A SQLite
 * registry keeps them in `<db>.keys/` beside its file; a PostgreSQL one in the folder its operator names
 * (`--key-dir` or TWIN_REGISTRY_KEY_DIR), or, with none named, still in the database (`registry serve` warns).
 */
export function defaultRegistryKeyDir(spec: string): string | null {
  return /^postgres(ql)?:\/\//.test(spec) ? null : `${path.resolve(spec)}.keys`;
}

function keyFile(dir: string, keyId: string): string {
  return path.join(dir, `${keyId}.key.json`);
}

/** Writes a private key to its file; what the database's private_key_pem column keeps then ('' once out). */
export function keepPrivateKey(store: RegistryStore, key: KeyPairFile): string {
  if (!store.keyDir) return key.privateKeyPem;
  const file = keyFile(store.keyDir, key.keyId);
  if (existsSync(file) && readKeyPairFile(file).privateKeyPem === key.privateKeyPem) return '';
  if (existsSync(file)) {
    throw new StudioError(
      'SIGNING_KEY_MISSING',
      `${file} holds another private key than the one for key ${key.keyId}: move it aside, then try again`,
      { keyId: key.keyId, file },
    );
  }
  writeKeyPairFile(file, key);
  return '';
}

/** The key pair of a registry_keys row: its private half from the key file (or a column not yet moved out). */
export function privateKeyOf(
  store: RegistryStore,
  row: { key_id: string; public_key_pem: string; private_key_pem: string },
): KeyPairFile {
  if (row.private_key_pem)
    return { keyId: row.key_id, publicKeyPem: row.public_key_pem, privateKeyPem: row.private_key_pem };
  const file = store.keyDir ? keyFile(store.keyDir, row.key_id) : null;
  if (!file || !existsSync(file)) {
    const where = file ? `its file ${file} is missing` : 'no key folder was given (--key-dir or TWIN_REGISTRY_KEY_DIR)';
    throw new StudioError(
      'SIGNING_KEY_MISSING',
      `The registry's private key ${row.key_id} is kept outside the database, but ${where}; restore the key file ` +
        'from a backup (a new key would not be trusted by enrolled workstations)',
      { keyId: row.key_id, file },
    );
  }
  // Made private again if someone loosened it (POSIX modes; a no-op on Windows).
  if ((lstatSync(file).mode & 0o077) !== 0) tightenSecretModes(file);
  const pair = readKeyPairFile(file);
  if (pair.keyId !== row.key_id || pair.publicKeyPem !== row.public_key_pem) {
    throw new StudioError(
      'SIGNING_KEY_MISSING',
      `${file} holds key ${pair.keyId}, not the registry's key ${row.key_id}: restore the right file from a backup`,
      { keyId: row.key_id, file, found: pair.keyId },
    );
  }
  return pair;
}

/**
 * Moves private keys that an older registry kept in its database out to their files, then blanks the column. On
 * SQLite the file is then vacuumed, so the old bytes leave its free pages and its write-ahead log too.
 */
export async function moveKeysOutOfDatabase(store: RegistryStore): Promise<number> {
  if (!store.keyDir) return 0;
  const moved = await store.write(async (tx) => {
    const rows = await tx.all<{ key_id: string; public_key_pem: string; private_key_pem: string }>(
      "SELECT key_id, public_key_pem, private_key_pem FROM registry_keys WHERE private_key_pem <> ''",
    );
    for (const row of rows) {
      keepPrivateKey(store, {
        keyId: row.key_id,
        publicKeyPem: row.public_key_pem,
        privateKeyPem: row.private_key_pem,
      });
      await tx.run("UPDATE registry_keys SET private_key_pem = '' WHERE key_id = ?", [row.key_id]);
    }
    return rows.length;
  });
  if (moved > 0 && store.dialect === 'sqlite') {
    await store.exec('PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);');
  }
  return moved;
}
