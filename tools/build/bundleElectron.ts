// Bundles Electron's main process, the render worker and preload into dist/electron/*.cjs. Native modules stay external:
// they load from node_modules (or app.asar.unpacked when packaged).
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
} as const;
// The core reads files next to its sources (package.json, models/) through import.meta; in a CJS bundle that
// is the bundle's own location, which sits at the same depth (dist/electron/ as src/<room>/).
const importMeta = {
  define: {
    'import.meta.url': '__importMetaUrl',
    'import.meta.dirname': '__dirname',
    'import.meta.filename': '__filename',
  },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await build({
  ...common,
  entryPoints: [path.join(root, 'electron/main/index.ts')],
  outfile: path.join(root, 'dist/electron/main.cjs'),
  ...importMeta,
  external: ['electron', 'better-sqlite3', 'sharp', 'onnxruntime-node', 'pg'],
});
// The render pool's worker thread, loaded by the pool from beside main.cjs (electron/main passes its URL).
await build({
  ...common,
  entryPoints: [path.join(root, 'src/render/jobs/worker.ts')],
  outfile: path.join(root, 'dist/electron/renderWorker.cjs'),
  ...importMeta,
  external: ['electron', 'better-sqlite3', 'sharp', 'onnxruntime-node', 'pg'],
});
// The Ingest view's cut-out worker thread, likewise.
await build({
  ...common,
  entryPoints: [path.join(root, 'src/ingest/cutout/worker.ts')],
  outfile: path.join(root, 'dist/electron/cutoutWorker.cjs'),
  ...importMeta,
  external: ['electron', 'better-sqlite3', 'sharp', 'onnxruntime-node', 'pg'],
});
// A sandboxed preload may require only 'electron': everything else is inlined.
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/preload/index.ts')],
  outfile: path.join(root, 'dist/electron/preload.cjs'),
  external: ['electron'],
});
console.log('Bundled dist/electron/main.cjs, renderWorker.cjs, cutoutWorker.cjs and preload.cjs');
