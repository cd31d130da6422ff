import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { StudioError } from '../errors/index.ts';
import { keyIdOf, parsePrivateKey, type KeyPairFile } from './keys.ts';

const keyPairSchema = z.object({ keyId: z.string(), publicKeyPem: z.string(), privateKeyPem: z.string() }).strict();

/** Reads a key pair written by `keys new`, checking that its parts belong together. */
export function readKeyPairFile(file: string): KeyPairFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new StudioError('KEY_INVALID', `Cannot read the key file ${file}: ${(cause as Error).message}`, { file }, { cause });
  }
  const parsed = keyPairSchema.safeParse(raw);
  if (!parsed.success) throw new StudioError('KEY_INVALID', `${file} is not a key file made by 'twin-studio keys new'`, { file });
  const pair = parsed.data;
  parsePrivateKey(pair.privateKeyPem);
  if (keyIdOf(pair.publicKeyPem) !== pair.keyId) throw new StudioError('KEY_INVALID', `${file}: key id ${pair.keyId} does not match its public key`, { file });
  return pair;
}
