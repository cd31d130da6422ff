// Bundles Electron's main process and preload into dist/electron/*.cjs. Native modules stay external:
// they load from node_modules (or app.asar.unpacked when packaged).
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: true, logLevel: 'warning' } as const;

await build({
  ...common,
  entryPoints: [path.join(root, 'electron/main/index.ts')],
  outfile: path.join(root, 'dist/electron/main.cjs'),
  external: ['electron', 'better-sqlite3', 'sharp', 'onnxruntime-node', 'pg'],
});
// A sandboxed preload may require only 'electron': everything else is inlined.
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/preload/index.ts')],
  outfile: path.join(root, 'dist/electron/preload.cjs'),
  external: ['electron'],
});
console.log('Bundled dist/electron/main.cjs and dist/electron/preload.cjs');
