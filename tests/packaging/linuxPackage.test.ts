import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Where Electron's fuse wire starts in its binary (@electron/fuses): the sentinel, a version byte, a length byte. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The fuses in wire order, and how a stock Electron binary ships them ('1' on, '0' off). */
const FUSES = [
  ['runAsNode', '1'],
  ['enableCookieEncryption', '0'],
  ['enableNodeOptionsEnvironmentVariable', '1'],
  ['enableNodeCliInspectArguments', '1'],
  ['enableEmbeddedAsarIntegrityValidation', '0'],
  ['onlyLoadAppFromAsar', '0'],
  ['loadBrowserProcessSpecificV8Snapshot', '0'],
  ['grantFileProtocolExtraPrivileges', '1'],
] as const;

/** The fuses of an Electron binary, by name: true on, false off. */
function readFuses(binary: string): Record<string, boolean> {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  expect(at, 'the fuse sentinel').toBeGreaterThanOrEqual(FUSE_SENTINEL.length);
  expect(bytes[at], 'fuse wire version').toBe(1);
  return Object.fromEntries(FUSES.map(([name], i) => [name, String.fromCharCode(bytes[at + 2 + i]!) === '1']));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/**
 * Packages the Linux target with electron-builder for real, except that the Electron runtime it copies is a
 * stub folder (the real zip cannot be downloaded here), and checks the layout of what it made.
 */
describe('electron-builder: Linux package layout', () => {
  const tmp = tempDir('twin-package-');
  let appDir: string;

  beforeAll(() => {
    if (
      !existsSync(path.join(root, 'dist/electron/renderWorker.cjs')) ||
      !existsSync(path.join(root, 'dist/renderer/index.html'))
    ) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
    }
    const stub = path.join(tmp.dir, 'electron-stub');
    mkdirSync(stub);
    // A stub runtime that carries a stock fuse wire, so electron-builder has fuses to flip.
    const wire = Buffer.concat([
      Buffer.from(`#!/bin/sh\necho stub\nexit 0\n# ${FUSE_SENTINEL}`, 'latin1'),
      Buffer.from([1, FUSES.length]),
      Buffer.from(FUSES.map(([, stock]) => stock).join(''), 'latin1'),
      Buffer.from('\n', 'latin1'),
    ]);
    writeFileSync(path.join(stub, 'electron'), wire);
    chmodSync(path.join(stub, 'electron'), 0o755);
    const out = path.join(tmp.dir, 'out');
    const result = spawnSync(
      path.join(root, 'node_modules/.bin/electron-builder'),
      [
        '--linux',
        'dir',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${stub}`,
        '-c.electronVersion=45.3.4',
        `-c.directories.output=${out}`,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    appDir = path.join(out, 'linux-unpacked');
  }, 240_000);
  afterAll(() => tmp.cleanup());

  it('puts the built main, preload and renderer in the asar', () => {
    const files = listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false });
    for (const f of [
      '/dist/electron/main.cjs',
      '/dist/electron/renderWorker.cjs',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
      '/package.json',
      '/models/manifest.json',
    ])
      expect(files).toContain(f);
    expect(files.some((f) => f.startsWith('/src/'))).toBe(false);
    expect(files.some((f) => f.startsWith('/node_modules/electron/'))).toBe(false);
  });

  it('unpacks the native modules', () => {
    const unpacked = walk(path.join(appDir, 'resources', 'app.asar.unpacked')).map(
      (f) => f.split('app.asar.unpacked/')[1]!,
    );
    expect(unpacked).toContain('node_modules/better-sqlite3/prebuilds/linux-x64.node');
    expect(unpacked).toContain('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node');
    expect(unpacked).toContain('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1');
    expect(unpacked.some((f) => /^node_modules\/@img\/sharp-linux-x64\/.*\.node$/.test(f))).toBe(true);
  });

  it("flips Electron's fuses in the packaged binary: no Node mode, no NODE_OPTIONS or --inspect, asar only", () => {
    expect(readFuses(path.join(appDir, 'twin-studio'))).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // Left as Electron ships them.
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it("ships no other platform's binaries", () => {
    const all = walk(path.join(appDir, 'resources')).map((f) => path.relative(appDir, f));
    const foreign = all.filter((f) =>
      /napi-v6\/(darwin|win32)|napi-v6\/linux\/arm64|\.dll$|\.dylib$|prebuilds\/(darwin|win32|linuxmusl|linux-arm)|@img\/sharp-(darwin|win32|linuxmusl|linux-arm)/.test(
        f,
      ),
    );
    expect(foreign).toEqual([]);
  });
});
