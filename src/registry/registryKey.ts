import { generateKeyPair, type KeyPairFile } from '../crypto/index.ts';
import type { RegistryStore } from './store/index.ts';

/**
 * The registry's signing key lives in its database so `registry serve` and the admin commands agree on it
 * with no extra setup (an operator with an HSM passes its own key to startRegistry instead).
 */
export async function loadOrCreateRegistryKey(store: RegistryStore, now: () => Date = () => new Date()): Promise<KeyPairFile> {
  return store.write(async (tx) => {
    const row = await tx.get<{ key_id: string; public_key_pem: string; private_key_pem: string }>('SELECT key_id, public_key_pem, private_key_pem FROM registry_keys ORDER BY created_at LIMIT 1');
    if (row) return { keyId: row.key_id, publicKeyPem: row.public_key_pem, privateKeyPem: row.private_key_pem };
    const key = generateKeyPair();
    await tx.run('INSERT INTO registry_keys (key_id, public_key_pem, private_key_pem, created_at) VALUES (?, ?, ?, ?)', [key.keyId, key.publicKeyPem, key.privateKeyPem, now().toISOString()]);
    return key;
  });
}

/** Keeps a key the caller supplies on record, so its public half is known to later admin commands. */
export async function rememberRegistryKey(store: RegistryStore, key: KeyPairFile, now: () => Date = () => new Date()): Promise<void> {
  await store.write((tx) =>
    tx.run('INSERT INTO registry_keys (key_id, public_key_pem, private_key_pem, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key_id) DO NOTHING', [
      key.keyId,
      key.publicKeyPem,
      key.privateKeyPem,
      now().toISOString(),
    ]),
  );
}
