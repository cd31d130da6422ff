import { createHash, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, keyIdOf, signObject, verifyObject } from '../../src/crypto/index.ts';

describe('Ed25519 keys and signed objects', () => {
  it('derives the key id from SHA-256 of the SPKI DER', () => {
    const pair = generateKeyPair();
    const der = createPublicKey(pair.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(pair.keyId).toBe(createHash('sha256').update(der).digest('base64url').slice(0, 16));
    expect(keyIdOf(pair.publicKeyPem)).toBe(pair.keyId);
    expect(pair.keyId).toHaveLength(16);
  });

  it('signs the canonical form, so key order does not matter but content does', () => {
    const pair = generateKeyPair();
    const signed = signObject({ b: 2, a: { y: 1, x: [1, 2] } }, pair.privateKeyPem);
    expect(verifyObject({ a: { x: [1, 2], y: 1 }, b: 2, signature: signed.signature }, pair.publicKeyPem)).toBe(true);
    expect(verifyObject({ ...signed, b: 3 }, pair.publicKeyPem)).toBe(false);
    expect(verifyObject(signed, generateKeyPair().publicKeyPem)).toBe(false);
    expect(verifyObject({ ...signed, signature: 'not-base64-$$' }, pair.publicKeyPem)).toBe(false);
    expect(verifyObject({ a: 1 }, pair.publicKeyPem)).toBe(false);
  });
});
