import { existsSync } from 'node:fs';
import { generateKeyPair, writeKeyPairFile } from '../../crypto/index.ts';
import { StudioError } from '../../errors/index.ts';
import { JSON_OPTION, report, stringFlag, type Command } from '../command.ts';
import { usageError } from '../run.ts';

export const keysNew: Command = {
  words: ['keys', 'new'],
  summary:
    'make an Ed25519 key pair (owner, registry or workstation) and write it as JSON, readable by you only (0600)',
  usage: 'keys new --out FILE [--force] [--json]',
  options: { ...JSON_OPTION, out: { type: 'string' }, force: { type: 'boolean' } },
  async run(ctx) {
    const out = stringFlag(ctx, 'out');
    if (!out) throw usageError('--out FILE is required');
    if (existsSync(out) && !ctx.flags.force)
      throw new StudioError('FILE_EXISTS', `${out} exists; pass --force to replace the key in it`, { file: out });
    const pair = generateKeyPair();
    writeKeyPairFile(out, pair);
    report(ctx, { keyId: pair.keyId, file: out, publicKeyPem: pair.publicKeyPem }, () => [
      `key ${pair.keyId} written to ${out}`,
    ]);
    return 0;
  },
};
