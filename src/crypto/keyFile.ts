import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../errors/index.ts';
import { writeJsonAtomic } from '../workspace/files.ts';
import { keyIdOf, parsePrivateKey, type KeyPairFile } from './keys.ts';

const keyPairSchema = z.object({ keyId: z.string(), publicKeyPem: z.string(), privateKeyPem: z.string() }).strict();

/** A secret file is read and written by its owner only; a folder of secrets is listed by its owner only. */
export const SECRET_FILE_MODE = 0o600;
export const SECRET_DIR_MODE = 0o700;

/** Reads a key pair written by `keys new`, checking that its parts belong together. */
export function readKeyPairFile(file: string): KeyPairFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new StudioError(
      'KEY_INVALID',
      `Cannot read the key file ${file}: ${(cause as Error).message}`,
      { file },
      { cause },
    );
  }
  const parsed = keyPairSchema.safeParse(raw);
  if (!parsed.success)
    throw new StudioError('KEY_INVALID', `${file} is not a key file made by 'twin-studio keys new'`, { file });
  const pair = parsed.data;
  parsePrivateKey(pair.privateKeyPem);
  if (keyIdOf(pair.publicKeyPem) !== pair.keyId)
    throw new StudioError('KEY_INVALID', `${file}: key id ${pair.keyId} does not match its public key`, { file });
  return pair;
}

/**
 * Writes a key pair readable by its owner only (0600). A folder made for it is 0700; an existing folder
 * (the user's own, e.g. the current directory) keeps its mode.
 */
export function writeKeyPairFile(file: string, pair: KeyPairFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: SECRET_DIR_MODE });
  writeJsonAtomic(file, pair, { mode: SECRET_FILE_MODE });
}

export interface LooseMode {
  path: string;
  /** The permission bits it had (e.g. 0o644). */
  was: number;
  /** The bits it has now. */
  now: number;
  /** Why they could not be changed (not the owner, a read-only disk). */
  error?: string;
}

/**
 * Takes group and other permissions off a folder of secrets and everything in it (folders 0700, files 0600),
 * returning what was looser. POSIX only: Windows has no mode bits to fix (its ACLs follow the user profile).
 */
export function tightenSecretModes(dir: string, platform: NodeJS.Platform = process.platform): LooseMode[] {
  if (platform === 'win32') return [];
  const fixed: LooseMode[] = [];
  const visit = (target: string): void => {
    // lstat: a link is not followed, so nothing outside the folder has its mode changed.
    const stat = lstatSync(target, { throwIfNoEntry: false });
    if (!stat || !(stat.isDirectory() || stat.isFile())) return;
    const want = stat.isDirectory() ? SECRET_DIR_MODE : SECRET_FILE_MODE;
    const was = stat.mode & 0o777;
    if ((was & 0o077) !== 0) {
      try {
        chmodSync(target, was & want);
        fixed.push({ path: target, was, now: was & want });
      } catch (cause) {
        fixed.push({ path: target, was, now: was, error: (cause as NodeJS.ErrnoException).code ?? String(cause) });
      }
    }
    if (stat.isDirectory()) for (const name of readdirSync(target).sort()) visit(path.join(target, name));
  };
  visit(dir);
  return fixed;
}

/**
 * A file that will hold secrets written by another library (a SQLite database with a private key in it): made
 * empty and 0600 before that library creates it with default modes, or tightened when found looser.
 */
export function privateFile(file: string): LooseMode[] {
  if (existsSync(file)) return tightenSecretModes(file);
  mkdirSync(path.dirname(file), { recursive: true, mode: SECRET_DIR_MODE });
  closeSync(openSync(file, 'a', SECRET_FILE_MODE));
  return [];
}

/** One line for a user: which secrets others could read, and that they are private now. */
export function looseModeWarning(root: string, fixed: readonly LooseMode[]): string | undefined {
  if (fixed.length === 0) return undefined;
  const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;
  const list = fixed
    .map(
      (f) =>
        `${path.relative(root, f.path) || '.'} ${octal(f.was)}→${f.error ? `unchanged (${f.error})` : octal(f.now)}`,
    )
    .join(', ');
  const done = fixed.some((f) => f.error)
    ? 'change them to 0600 (folders 0700) by hand where shown'
    : 'made them private';
  return `WARNING: keys under ${root} were readable by other users; ${done}: ${list}`;
}
