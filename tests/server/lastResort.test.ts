import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { installLastResort } from '../../src/server/lastResort.ts';
import { tempDir } from '../helpers/fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLANT = fileURLToPath(new URL('../helpers/plantRejection.ts', import.meta.url));

interface Child {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exitCode: () => number | null;
}

/** Starts `twin-studio ARGS` with the planted rejection preloaded and waits for `pattern` on stdout. */
async function start(args: string[], pattern: RegExp): Promise<Child> {
  const argv = ['--import', PLANT, path.join(ROOT, 'bin', 'twin-studio.js'), ...args];
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let exit: number | null = null;
  child.stderr?.on('data', (c: Buffer) => void (err += c.toString()));
  child.once('exit', (code) => void (exit = code ?? -1));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} from twin-studio ${args[0]}: ${err}`)), 25_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m) (clearTimeout(timer), resolve(m[1] as string));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`twin-studio ${args[0]} exited (${code}): ${err}`));
    });
  });
  return { child, url, stderr: () => err, exitCode: () => exit };
}

const until = async (check: () => boolean, ms = 10_000) => {
  for (const t0 = Date.now(); !check() && Date.now() - t0 < ms;) await new Promise((r) => setTimeout(r, 50));
};

describe('last-resort handler', () => {
  const tmp = tempDir();
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    tmp.cleanup();
  });

  it('logs what escaped and uninstalls cleanly', () => {
    const target = new EventEmitter();
    const lines: string[] = [];
    const uninstall = installLastResort(target, 'test', (l) => lines.push(l));
    target.emit('unhandledRejection', new Error('lost'));
    target.emit('uncaughtException', 'thrown string');
    expect(lines[0]).toMatch(/^\[test\] BUG: unhandled rejection, still serving: Error: lost/);
    expect(lines[1]).toBe('[test] BUG: uncaught exception, still serving: thrown string');
    uninstall();
    expect(target.listenerCount('unhandledRejection') + target.listenerCount('uncaughtException')).toBe(0);
  });

  it('keeps browser mode serving after an escaped rejection and exception, and after a 0-byte garment', async () => {
    const s = await start(['serve', '--workspace', path.join(tmp.dir, 'ws'), '--port', '0'], /running at (\S+)/);
    children.push(s.child);
    const url = new URL(s.url);
    const token = url.searchParams.get('token') ?? '';
    const call = async (method: string, input: unknown) => {
      const headers = { 'x-studio-token': token, 'content-type': 'application/json' };
      const body = JSON.stringify(input);
      const res = await fetch(new URL(`/api/${method}`, url.origin), { method: 'POST', headers, body });
      return (await res.json()) as { ok: boolean; value?: { dir?: string }; error?: { code: string } };
    };
    const garment = path.join(tmp.dir, 'garment');
    mkdirSync(garment);
    const json = { format: 'garment/1', garmentId: 'tee-empty', sku: 'T', name: 'Tee', category: 'top', layer: 'over' };
    const keypoints = { nose: { x: 1, y: 1 }, left_eye: { x: 2, y: 1 }, right_eye: { x: 3, y: 1 } };
    const item = { ...json, image: 'garment.png', width: 10, height: 10, keypoints };
    writeFileSync(path.join(garment, 'garment.json'), JSON.stringify(item));
    writeFileSync(path.join(garment, 'garment.png'), Buffer.alloc(0));
    const refused = await call('catalog.importGarment', { path: garment });
    expect(refused).toMatchObject({ ok: false, error: { code: 'IMAGE_CORRUPT' } });
    s.child.kill('SIGUSR2');
    await until(() => s.stderr().includes('planted exception'));
    expect(s.stderr()).toMatch(/\[studio\] BUG: unhandled rejection, still serving: Error: planted rejection/);
    expect(s.stderr()).toMatch(/\[studio\] BUG: uncaught exception, still serving: Error: planted exception/);
    expect(s.exitCode()).toBeNull();
    expect(await call('app.info', {})).toMatchObject({ ok: true });
  });

  it('keeps the registry serving after an escaped rejection and exception', async () => {
    const db = path.join(tmp.dir, 'registry.sqlite');
    const r = await start(['registry', 'serve', '--db', db, '--port', '0'], /listening on (\S+)/);
    children.push(r.child);
    r.child.kill('SIGUSR2');
    await until(() => r.stderr().includes('planted exception'));
    expect(r.stderr()).toMatch(/\[registry\] BUG: unhandled rejection, still serving: Error: planted rejection/);
    expect(r.stderr()).toMatch(/\[registry\] BUG: uncaught exception, still serving: Error: planted exception/);
    expect(r.exitCode()).toBeNull();
    const res = await fetch(new URL('/v1/changes?cursor=0', r.url));
    expect(res.status).toBeLessThan(500);
  });
});
