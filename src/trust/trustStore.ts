import { verifyObject, type PublicKeyFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import type { OwnerList } from './trust.schema.ts';

export interface OwnerKey extends PublicKeyFile {
  name: string;
  agency: string;
}

/**
 * What this workstation trusts: the registry keys pinned at enrolment (or by the demo), and the owner keys
 * from the registry's signed owner list. Nothing else can make a pack or a licence valid.
 */
export interface TrustStore {
  registryKey(keyId: string): PublicKeyFile | undefined;
  ownerKey(keyId: string): OwnerKey | undefined;
  registryKeys(): PublicKeyFile[];
}

export function createTrustStore(input: { registryKeys: PublicKeyFile[]; ownerLists: OwnerList[] }): TrustStore {
  const registry = new Map(input.registryKeys.map((k) => [k.keyId, k]));
  const owners = new Map<string, OwnerKey>();
  for (const list of input.ownerLists) {
    const signer = registry.get(list.registryKeyId);
    if (!signer) {
      throw new StudioError(
        'OWNER_LIST_SIGNER_UNKNOWN',
        `The owner list is signed by registry key ${list.registryKeyId}, which this workstation does not trust`,
        {
          registryKeyId: list.registryKeyId,
        },
      );
    }
    if (!verifyObject(list, signer.publicKeyPem)) {
      throw new StudioError(
        'OWNER_LIST_TAMPERED',
        `The owner list issued at ${list.issuedAt} does not verify against registry key ${list.registryKeyId}`,
        {
          registryKeyId: list.registryKeyId,
        },
      );
    }
    for (const owner of list.owners) owners.set(owner.keyId, owner);
  }
  return {
    registryKey: (keyId) => registry.get(keyId),
    ownerKey: (keyId) => owners.get(keyId),
    registryKeys: () => [...registry.values()],
  };
}
