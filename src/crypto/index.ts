export { canonicalJson, duplicateKeyIn } from './canonicalJson.ts';
export {
  looseModeWarning,
  privateFile,
  readKeyPairFile,
  SECRET_DIR_MODE,
  SECRET_FILE_MODE,
  tightenSecretModes,
  writeKeyPairFile,
  type LooseMode,
} from './keyFile.ts';
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
