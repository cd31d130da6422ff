import type { Clock } from '../clock/index.ts';
import { generateKeyPair, publicPart, type KeyPairFile } from '../crypto/index.ts';
import { signRotation, type Rotation } from '../trust/index.ts';
import { appendChange } from './changes.ts';
import { keepPrivateKey, privateKeyOf } from './keyFiles.ts';
import type { RegistryStore } from './store/index.ts';

/**
 * The registry's signing key: its public half and id in the database, its private half in a 0600 file outside it
 * (keyFiles.ts), so `registry serve` and the admin commands agree on it with no extra setup (an operator with an HSM
 * passes its own key to startRegistry instead).
 */
export async function loadOrCreateRegistryKey(store: RegistryStore, now: Clock): Promise<KeyPairFile> {
  return store.write(async (tx) => {
    const row = await tx.get<{ key_id: string; public_key_pem: string; private_key_pem: string }>(
      'SELECT key_id, public_key_pem, private_key_pem FROM registry_keys WHERE retired_at IS NULL ORDER BY created_at LIMIT 1',
    );
    if (row) return privateKeyOf(store, row);
    const key = generateKeyPair();
    // The file first: a row committed without its private key would leave a registry that cannot sign.
    await tx.run(
      'INSERT INTO registry_keys (key_id, public_key_pem, private_key_pem, created_at) VALUES (?, ?, ?, ?)',
      [key.keyId, key.publicKeyPem, keepPrivateKey(store, key), now().toISOString()],
    );
    return key;
  });
}

/** Keeps a key the caller supplies on record, so its public half is known to later admin commands. */
export async function rememberRegistryKey(store: RegistryStore, key: KeyPairFile, now: Clock): Promise<void> {
  await store.write((tx) =>
    tx.run(
      'INSERT INTO registry_keys (key_id, public_key_pem, private_key_pem, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key_id) DO NOTHING',
      [key.keyId, key.publicKeyPem, keepPrivateKey(store, key), now().toISOString()],
    ),
  );
}

/**
 * Replaces the registry's signing key: the current key signs a rotation record naming a new one, published on the
 * change feed for every workstation; the old key is retired (kept, it verifies what it signed). A running
 * `registry serve` keeps signing with the key it started with until it is restarted.
 */
export async function rotateRegistryKey(
  store: RegistryStore,
  now: Clock,
): Promise<{ rotation: Rotation; key: KeyPairFile }> {
  const old = await loadOrCreateRegistryKey(store, now);
  const key = generateKeyPair();
  const at = now();
  const rotation = signRotation(old, publicPart(key), at);
  await store.write(async (tx) => {
    await tx.run('UPDATE registry_keys SET retired_at = ? WHERE key_id = ?', [at.toISOString(), old.keyId]);
    await tx.run(
      'INSERT INTO registry_keys (key_id, public_key_pem, private_key_pem, created_at) VALUES (?, ?, ?, ?)',
      [key.keyId, key.publicKeyPem, keepPrivateKey(store, key), at.toISOString()],
    );
    await appendChange(tx, 'rotation', key.keyId, rotation, at);
  });
  return { rotation, key };
}
