import { z } from 'zod';
import { keyIdOf, signObject, verifyObject, type KeyPairFile, type PublicKeyFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { instantSchema } from '../twins/pack.schema.ts';
import { publicKeySchema } from './trust.schema.ts';

const keyId = z.string().length(16);

/** The only way a registry key changes: the old key signs the new one. */
export const rotationSchema = z
  .object({
    format: z.literal('registry-key-rotation/1'),
    oldKeyId: keyId,
    newKey: publicKeySchema,
    rotatedAt: instantSchema,
    registryKeyId: keyId,
    signature: z.string().min(1),
  })
  .strict();
export type Rotation = z.infer<typeof rotationSchema>;

export function signRotation(oldKey: KeyPairFile, newKey: PublicKeyFile, at: Date): Rotation {
  const body = {
    format: 'registry-key-rotation/1' as const,
    oldKeyId: oldKey.keyId,
    newKey: { keyId: newKey.keyId, publicKeyPem: newKey.publicKeyPem },
    rotatedAt: at.toISOString(),
  };
  return signObject({ ...body, registryKeyId: oldKey.keyId }, oldKey.privateKeyPem);
}

/**
 * Checks a rotation record against the registry keys this workstation pins and returns the new key to pin:
 * it must be signed by a pinned key that is the one it retires, and name a key whose id matches its public half.
 */
export function verifyRotation(raw: unknown, pinned: readonly PublicKeyFile[]): PublicKeyFile {
  const parsed = rotationSchema.safeParse(raw);
  if (!parsed.success)
    throw new StudioError('ROTATION_INVALID', 'Expected a registry key rotation record (registry-key-rotation/1)', {});
  const rotation = parsed.data;
  if (rotation.registryKeyId !== rotation.oldKeyId) {
    throw new StudioError(
      'ROTATION_INVALID',
      `A rotation must be signed by the key it retires (${rotation.oldKeyId}), not by ${rotation.registryKeyId}`,
      { oldKeyId: rotation.oldKeyId },
    );
  }
  let newId: string;
  try {
    newId = keyIdOf(rotation.newKey.publicKeyPem);
  } catch {
    throw new StudioError('ROTATION_INVALID', 'The rotation names a new key that is not an Ed25519 public key', {
      newKeyId: rotation.newKey.keyId,
    });
  }
  if (newId !== rotation.newKey.keyId) {
    throw new StudioError(
      'ROTATION_INVALID',
      `The rotation's new key id ${rotation.newKey.keyId} does not match its public key (${newId})`,
      { newKeyId: rotation.newKey.keyId },
    );
  }
  const signer = pinned.find((k) => k.keyId === rotation.oldKeyId);
  if (!signer) {
    throw new StudioError(
      'ROTATION_SIGNER_UNKNOWN',
      `The rotation is signed by registry key ${rotation.oldKeyId}, which this workstation does not trust`,
      { oldKeyId: rotation.oldKeyId },
    );
  }
  if (!verifyObject(rotation, signer.publicKeyPem)) {
    throw new StudioError(
      'ROTATION_TAMPERED',
      `The rotation to key ${rotation.newKey.keyId} does not verify against registry key ${rotation.oldKeyId}`,
      { oldKeyId: rotation.oldKeyId },
    );
  }
  return rotation.newKey;
}
