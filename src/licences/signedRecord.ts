import { signObject, verifyObject, type KeyPairFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import type { TrustStore } from '../trust/index.ts';

/** Signs any registry-issued record (licence, revocation, withdrawal) with the registry key. */
export function signAsRegistry<T extends object>(record: T, registryKey: KeyPairFile): T & { registryKeyId: string; signature: string } {
  return signObject({ ...record, registryKeyId: registryKey.keyId }, registryKey.privateKeyPem);
}

/** Checks a registry-signed record against the pinned registry keys; `codePrefix` makes e.g. LICENCE_SIGNER_UNKNOWN. */
export function checkRegistrySignature(record: { registryKeyId: string; signature: string }, trust: TrustStore, codePrefix: string, what: string): void {
  const key = trust.registryKey(record.registryKeyId);
  if (!key) {
    throw new StudioError(`${codePrefix}_SIGNER_UNKNOWN`, `${what} is signed by key ${record.registryKeyId}, which is not a registry key this workstation trusts`, {
      registryKeyId: record.registryKeyId,
    });
  }
  if (!verifyObject(record, key.publicKeyPem)) {
    throw new StudioError(`${codePrefix}_TAMPERED`, `${what} does not verify against registry key ${record.registryKeyId}: it was altered after signing`, {
      registryKeyId: record.registryKeyId,
    });
  }
}
