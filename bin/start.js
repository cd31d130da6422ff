#!/usr/bin/env node
// `npm start`: build if needed, open the desktop app; when Electron cannot run here, say so in one line and
// start browser mode instead, opening the printed URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function needsBuild() {
  const outputs = ['dist/renderer/index.html', 'dist/electron/main.cjs', 'dist/electron/preload.cjs'].map((f) =>
    path.join(root, f),
  );
  if (outputs.some((f) => !existsSync(f))) return true;
  const oldest = outputs.reduce((a, b) => (statSync(a).mtimeMs <= statSync(b).mtimeMs ? a : b));
  // Any source newer than the oldest output means a rebuild (find is enough; this is a dev convenience).
  const newer = spawnSync('find', ['renderer', 'electron', 'src', '-type', 'f', '-newer', oldest, '-print', '-quit'], {
    cwd: root,
    encoding: 'utf8',
  });
  return newer.status !== 0 || newer.stdout.trim() !== '';
}

if (needsBuild()) {
  console.log('Building Twin Studio…');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/.bin/vite'), 'build', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  const bundle =
    result.status === 0
      ? spawnSync(process.execPath, [path.join(root, 'tools/build/bundleElectron.ts')], { cwd: root, stdio: 'inherit' })
      : result;
  if (bundle.status !== 0) {
    console.error('The build failed; see above.');
    process.exit(1);
  }
}

/** Electron's own package fetches its runtime on first use (its downloader); this throws when it cannot. */
function electronBinary() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { error: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? { binary } : { error: 'its runtime is missing' };
  } catch (error) {
    return { error: `its runtime could not be downloaded (${String(error.message).split('\n')[0]})` };
  }
}

function openBrowser(url) {
  const opener =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(opener[0], opener[1], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener on this machine: the URL is printed above.
  }
}

function browserMode(reason) {
  console.log(`Electron cannot start here: ${reason}. Opening browser mode instead.`);
  const child = spawn(process.execPath, [path.join(root, 'bin/serve.ts'), ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  let first = true;
  lines.on('line', (line) => {
    console.log(line);
    if (first && line.startsWith('Twin Studio is running at '))
      openBrowser(line.slice('Twin Studio is running at '.length));
    first = false;
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}

/**
 * A newcomer's first start opens a studio with something in it: when no --workspace is given and the default
 * workspace does not exist yet, the demo (synthetic mannequin, garments, scenes, licences, shots) is written there.
 */
async function ensureFirstWorkspace() {
  if (args.includes('--workspace')) return;
  const { resolveWorkspaceDir } = await import('../src/workspace/location.ts');
  const dir = resolveWorkspaceDir(undefined);
  if (existsSync(path.join(dir, 'workspace.json'))) return;
  if (existsSync(dir) && readdirSync(dir).length > 0) return; // never write into a folder that holds something else
  console.log(
    `First start: writing the demo workspace to ${dir} (set TWIN_STUDIO_HOME or pass --workspace DIR to use another folder)…`,
  );
  const demo = spawnSync(process.execPath, [path.join(root, 'bin/twin-studio.js'), 'demo', '--out', dir], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (demo.status !== 0)
    console.error('The demo workspace could not be written; the studio opens with an empty workspace.');
}

await ensureFirstWorkspace();
const electron = electronBinary();
if (electron.error) browserMode(electron.error);
else {
  const started = Date.now();
  const app = spawn(electron.binary, [path.join(root, 'dist/electron/main.cjs'), ...args], {
    cwd: root,
    stdio: ['inherit', 'inherit', 'pipe'],
  });
  let stderr = '';
  app.stderr.on('data', (d) => {
    stderr += d;
    process.stderr.write(d);
  });
  app.on('error', (error) => browserMode(error.message));
  app.on('exit', (code) => {
    // A crash within seconds of starting is Electron failing to run here (missing libraries, no GPU…), not the user quitting.
    if (code !== 0 && Date.now() - started < 10_000)
      browserMode(stderr.trim().split('\n').pop() || `it exited with code ${code}`);
    else process.exit(code ?? 0);
  });
}
