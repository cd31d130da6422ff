import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { writeFileAtomic } from '../workspace/index.ts';

/** A fixed entry time: the same files always give the same archive bytes. */
const ZIP_MTIME = new Date('2000-01-01T00:00:00Z');
const STORED = new Set(['.jpg', '.jpeg', '.webp', '.png']);

/** Zips `names` from `dir` in sorted order; images are stored (already compressed), text is deflated. */
export function writeDeterministicZip(zipPath: string, dir: string, names: readonly string[]): void {
  const entries: Zippable = {};
  for (const name of [...names].sort()) {
    entries[name] = [
      readFileSync(path.join(dir, name)),
      { level: STORED.has(path.extname(name).toLowerCase()) ? 0 : 6, mtime: ZIP_MTIME },
    ];
  }
  writeFileAtomic(zipPath, Buffer.from(zipSync(entries)));
}
