import { signObject, verifyObject, type KeyPairFile } from '../crypto/index.ts';
import { StudioError, type ErrorCode } from '../errors/index.ts';
import type { TrustStore } from '../trust/index.ts';

/** Signs any registry-issued record (licence, revocation, withdrawal) with the registry key. */
export function signAsRegistry<T extends object>(
  record: T,
  registryKey: KeyPairFile,
): T & { registryKeyId: string; signature: string } {
  return signObject({ ...record, registryKeyId: registryKey.keyId }, registryKey.privateKeyPem);
}

/** The codes a registry-signed record of each kind fails with. */
const SIGNATURE_CODES = {
  LICENCE: { signerUnknown: 'LICENCE_SIGNER_UNKNOWN', tampered: 'LICENCE_TAMPERED' },
  REVOCATION: { signerUnknown: 'REVOCATION_SIGNER_UNKNOWN', tampered: 'REVOCATION_TAMPERED' },
  WITHDRAWAL: { signerUnknown: 'WITHDRAWAL_SIGNER_UNKNOWN', tampered: 'WITHDRAWAL_TAMPERED' },
} as const satisfies Record<string, { signerUnknown: ErrorCode; tampered: ErrorCode }>;

/** Checks a registry-signed record of `kind` against the pinned registry keys. */
export function checkRegistrySignature(
  record: { registryKeyId: string; signature: string },
  trust: TrustStore,
  kind: keyof typeof SIGNATURE_CODES,
  what: string,
): void {
  const codes = SIGNATURE_CODES[kind];
  const key = trust.registryKey(record.registryKeyId);
  if (!key) {
    throw new StudioError(
      codes.signerUnknown,
      `${what} is signed by key ${record.registryKeyId}, which is not a registry key this workstation trusts`,
      {
        registryKeyId: record.registryKeyId,
      },
    );
  }
  if (!verifyObject(record, key.publicKeyPem)) {
    throw new StudioError(
      codes.tampered,
      `${what} does not verify against registry key ${record.registryKeyId}: it was altered after signing`,
      {
        registryKeyId: record.registryKeyId,
      },
    );
  }
}
