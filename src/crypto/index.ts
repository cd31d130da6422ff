export { canonicalJson, duplicateKeyIn } from './canonicalJson.ts';
export { readKeyPairFile } from './keyFile.ts';
export {
  generateKeyPair,
  keyIdOf,
  parsePrivateKey,
  parsePublicKey,
  publicPart,
  sha256Hex,
  signedBytes,
  signObject,
  verifyObject,
  type KeyPairFile,
  type PublicKeyFile,
} from './keys.ts';
