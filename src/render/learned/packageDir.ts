import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** An installed npm package's folder (the one holding its package.json), or undefined when it is not installed. */
export function installedPackageDir(name: string, fromDir: string = import.meta.dirname): string | undefined {
  try {
    const main = createRequire(path.join(fromDir, 'noop.js')).resolve(name);
    let dir = path.dirname(main);
    while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    return dir;
  } catch {
    return undefined;
  }
}
