import { createHash } from 'node:crypto';
import { Crypto, type CryptoProvider, type HashAlgorithm } from '@trustnxt/c2pa-ts/crypto';

const NODE_HASH: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/**
 * c2pa-ts hashes through WebCrypto: its streaming digest concatenates the file's ranges into one new array and
 * hands it to `crypto.subtle.digest`, which copies it again for the thread pool (two 5 MB copies and a thread hop
 * per 1024×1536 PNG). Node's hash takes the ranges as they come, on this thread. The digests are the same bytes;
 * every other operation stays with c2pa-ts's provider.
 */
export function installNodeDigests(): void {
  const base: CryptoProvider = Crypto.provider;
  if ((base as { nodeDigests?: true }).nodeDigests) return;
  const provider: CryptoProvider & { nodeDigests: true } = {
    nodeDigests: true,
    digest: async (data, algorithm) => new Uint8Array(createHash(NODE_HASH[algorithm]).update(data).digest()),
    streamingDigest(algorithm) {
      const hash = createHash(NODE_HASH[algorithm]);
      return {
        update: (data) => void hash.update(data),
        final: async () => new Uint8Array(hash.digest()),
      };
    },
    verifySignature: (...args) => base.verifySignature(...args),
    sign: (...args) => base.sign(...args),
    getRandomValues: (...args) => base.getRandomValues(...args),
  };
  Crypto.provider = provider;
}
