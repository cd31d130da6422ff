import { readFileSync } from 'node:fs';
import { StudioError } from '../errors/index.ts';
import { trustRegistryCa } from '../sync/index.ts';
import { stringFlag, type CommandContext } from './command.ts';
import { usageError } from './run.ts';

/** A file a flag names, as text; one that cannot be read is FILE_NOT_FOUND naming the flag. */
function readFlagFile(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new StudioError(
      'FILE_NOT_FOUND',
      `Cannot read ${file} (${flag}): ${(cause as Error).message}`,
      { file, flag },
      { cause },
    );
  }
}

export const TLS_SERVE_OPTIONS = { 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' } } as const;
export const CA_OPTION = { ca: { type: 'string' } } as const;

/** `--tls-cert FILE --tls-key FILE` (PEM), both or neither. */
export function tlsFlags(ctx: CommandContext): { certPem: string; keyPem: string } | undefined {
  const cert = stringFlag(ctx, 'tls-cert');
  const key = stringFlag(ctx, 'tls-key');
  if (!cert && !key) return undefined;
  if (!cert || !key) throw usageError('--tls-cert FILE and --tls-key FILE go together');
  return { certPem: readFlagFile('--tls-cert', cert), keyPem: readFlagFile('--tls-key', key) };
}

/** `--ca FILE`: trust these certificates for the registry's HTTPS (a private CA or a self-signed certificate). */
export function applyCaFlag(ctx: CommandContext): void {
  const file = stringFlag(ctx, 'ca');
  if (file) trustRegistryCa(readFlagFile('--ca', file), file);
}
