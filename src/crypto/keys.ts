import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { StudioError } from '../errors/index.ts';
import { canonicalJson } from './canonicalJson.ts';

/** An Ed25519 key pair as it is stored on disk: PEM strings plus the derived key id. */
export interface KeyPairFile {
  keyId: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

export interface PublicKeyFile {
  keyId: string;
  publicKeyPem: string;
}

export function generateKeyPair(): KeyPairFile {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Key id: the first 16 base64url characters of SHA-256 over the public key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : publicKey;
  const der = key.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 16);
}

export function parsePublicKey(pem: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`key type is ${key.asymmetricKeyType}`);
    return key;
  } catch (cause) {
    throw new StudioError(
      'KEY_INVALID',
      `Expected an Ed25519 public key in PEM form: ${(cause as Error).message}`,
      {},
      { cause },
    );
  }
}

export function parsePrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`key type is ${key.asymmetricKeyType}`);
    return key;
  } catch (cause) {
    throw new StudioError(
      'KEY_INVALID',
      `Expected an Ed25519 private key in PEM form: ${(cause as Error).message}`,
      {},
      { cause },
    );
  }
}

export function publicPart(pair: KeyPairFile): PublicKeyFile {
  return { keyId: pair.keyId, publicKeyPem: pair.publicKeyPem };
}

/** The bytes a signature covers: the canonical JSON of the object without its `signature` field. */
export function signedBytes(object: object): Buffer {
  const { signature: _ignored, ...rest } = object as Record<string, unknown>;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** Returns a copy of `object` with `signature` (base64url Ed25519 over `signedBytes`). */
export function signObject<T extends object>(object: T, privateKeyPem: string): T & { signature: string } {
  const signature = sign(null, signedBytes(object), parsePrivateKey(privateKeyPem)).toString('base64url');
  return { ...object, signature };
}

/** True when `object.signature` is a valid signature by `publicKeyPem` over the rest of the object. */
export function verifyObject(object: object, publicKeyPem: string): boolean {
  if (!('signature' in object)) return false;
  if (typeof object.signature !== 'string') return false;
  try {
    return verify(null, signedBytes(object), parsePublicKey(publicKeyPem), Buffer.from(object.signature, 'base64url'));
  } catch {
    return false;
  }
}

export function sha256Hex(data: Buffer | Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
