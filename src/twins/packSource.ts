import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../errors/index.ts';
import { readZipDirectory, readZipMember } from './zipReader.ts';

/** Limits that keep a hostile pack from exhausting memory or disk. */
export const PACK_LIMITS = {
  maxFiles: 512,
  maxFileBytes: 64 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
} as const;

/** The files of a twin pack, by their forward-slash path inside the pack. */
export interface PackFiles {
  origin: string;
  paths(): string[];
  read(file: string): Buffer;
}

export function openPackFiles(location: string): PackFiles {
  let stat;
  try {
    stat = statSync(location);
  } catch (cause) {
    throw new StudioError('PACK_NOT_FOUND', `No twin pack at ${location}`, { path: location }, { cause });
  }
  return stat.isDirectory() ? folderPack(location) : zipPack(location, stat.size);
}

function checkPath(origin: string, file: string): void {
  const bad =
    file.startsWith('/') ||
    file.includes('\\') ||
    file.split('/').some((part) => part === '..' || part === '' || part === '.');
  if (bad)
    throw new StudioError(
      'PACK_INVALID',
      `Twin pack ${origin} holds a file with an unsafe path: ${JSON.stringify(file)}`,
      { path: origin, file },
    );
}

function checkSizes(origin: string, sizes: [string, number][]): void {
  if (sizes.length > PACK_LIMITS.maxFiles) {
    throw new StudioError(
      'PACK_TOO_LARGE',
      `Twin pack ${origin} holds ${sizes.length} files; at most ${PACK_LIMITS.maxFiles} are accepted`,
      { path: origin, files: sizes.length },
    );
  }
  let total = 0;
  for (const [file, size] of sizes) {
    checkPath(origin, file);
    if (size > PACK_LIMITS.maxFileBytes) {
      throw new StudioError(
        'PACK_TOO_LARGE',
        `Twin pack file ${file} is ${size} bytes; at most ${PACK_LIMITS.maxFileBytes} are accepted`,
        { path: origin, file, bytes: size },
      );
    }
    total += size;
  }
  if (total > PACK_LIMITS.maxTotalBytes) {
    throw new StudioError(
      'PACK_TOO_LARGE',
      `Twin pack ${origin} unpacks to ${total} bytes; at most ${PACK_LIMITS.maxTotalBytes} are accepted`,
      { path: origin, bytes: total },
    );
  }
}

function folderPack(root: string): PackFiles {
  const sizes: [string, number][] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix + entry.name;
      const full = path.join(dir, entry.name);
      if (lstatSync(full).isSymbolicLink()) {
        throw new StudioError(
          'PACK_INVALID',
          `Twin pack ${root} holds a symbolic link (${rel}); packs hold plain files only`,
          { path: root, file: rel },
        );
      }
      if (entry.isDirectory()) walk(full, `${rel}/`);
      else if (entry.isFile()) sizes.push([rel, statSync(full).size]);
      if (sizes.length > PACK_LIMITS.maxFiles) break;
    }
  };
  walk(root, '');
  checkSizes(root, sizes);
  const known = new Set(sizes.map(([file]) => file));
  return {
    origin: root,
    paths: () => [...known].sort(),
    read(file) {
      if (!known.has(file))
        throw new StudioError('PACK_TAMPERED', `Twin pack ${root} is missing ${file}`, {
          path: root,
          file,
          reason: 'missing',
        });
      return readFileSync(path.join(root, ...file.split('/')));
    },
  };
}

function zipPack(location: string, bytes: number): PackFiles {
  if (bytes > PACK_LIMITS.maxTotalBytes) {
    throw new StudioError(
      'PACK_TOO_LARGE',
      `Twin pack ${location} is ${bytes} bytes; at most ${PACK_LIMITS.maxTotalBytes} are accepted`,
      { path: location, bytes },
    );
  }
  const data = readFileSync(location);
  // Folder entries count too, so a zip of the largest pack still fits.
  const members = readZipDirectory(data, location, 2 * PACK_LIMITS.maxFiles).filter((m) => !m.name.endsWith('/'));
  // The declared (real, zip64-resolved) sizes are checked before anything is inflated; inflation stops at them.
  checkSizes(
    location,
    members.map((m) => [m.name, m.size]),
  );
  const files = new Map<string, Buffer>();
  for (const member of members) {
    try {
      files.set(member.name, readZipMember(data, member, location));
    } catch (cause) {
      if (cause instanceof StudioError) throw cause;
      const problem = `${member.name}: ${(cause as Error).message}`;
      const message = `Twin pack ${location} is not a readable zip archive (truncated or corrupt): ${problem}`;
      throw new StudioError('PACK_INVALID', message, { path: location, file: member.name }, { cause });
    }
  }
  return {
    origin: location,
    paths: () => [...files.keys()].sort(),
    read(file) {
      const data = files.get(file);
      if (!data)
        throw new StudioError('PACK_TAMPERED', `Twin pack ${location} is missing ${file}`, {
          path: location,
          file,
          reason: 'missing',
        });
      return data;
    },
  };
}
