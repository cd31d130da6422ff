import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { PublicKeyFile } from '../crypto/index.ts';
import {
  createTrustStore,
  ownerListSchema,
  publicKeySchema,
  verifyRotation,
  type OwnerList,
  type TrustStore,
} from '../trust/index.ts';
import { readJsonFile, writeJsonAtomic } from './files.ts';
import type { WorkspaceLayout } from './layout.ts';

const registryKeysSchema = z.array(publicKeySchema);

/** The workspace's trust anchors: pinned registry keys and the registry's signed owner list, as files. */
export function createTrustRepo(layout: WorkspaceLayout) {
  const registryKeys = (): PublicKeyFile[] =>
    existsSync(layout.registryKeys)
      ? readJsonFile(layout.registryKeys, registryKeysSchema, 'TRUST_INVALID', 'The pinned registry keys')
      : [];
  const ownerList = (): OwnerList | undefined =>
    existsSync(layout.ownerList)
      ? readJsonFile(layout.ownerList, ownerListSchema, 'TRUST_INVALID', 'The owner list')
      : undefined;

  return {
    registryKeys,
    ownerList,
    store(): TrustStore {
      const list = ownerList();
      return createTrustStore({ registryKeys: registryKeys(), ownerLists: list ? [list] : [] });
    },
    pinRegistryKey(key: PublicKeyFile): void {
      const keys = registryKeys().filter((k) => k.keyId !== key.keyId);
      writeJsonAtomic(layout.registryKeys, [...keys, { keyId: key.keyId, publicKeyPem: key.publicKeyPem }]);
    },
    /** Pins a new registry key only when a rotation record signed by a pinned key names it; returns the new key. */
    applyRotation(raw: unknown): PublicKeyFile {
      const key = verifyRotation(raw, registryKeys());
      const keys = registryKeys().filter((k) => k.keyId !== key.keyId);
      writeJsonAtomic(layout.registryKeys, [...keys, key]);
      return key;
    },
    /** Accepts a newer owner list only if it verifies against the pinned registry keys. */
    saveOwnerList(list: OwnerList): void {
      createTrustStore({ registryKeys: registryKeys(), ownerLists: [list] });
      writeJsonAtomic(layout.ownerList, list);
    },
  };
}
export type TrustRepo = ReturnType<typeof createTrustRepo>;
