import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudioServer, type StudioServer } from '../../src/server/index.ts';
import { buildStudioWorkspace, type FixtureSources } from '../helpers/studioFixture.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { httpStatusOf } from '../../src/errors/index.ts';

let dir: string;
let server: StudioServer;
let src: FixtureSources;
let lines: string[];

/** Raw requests: fetch would normalise `../` out of the path before it reached the server. */
function raw(
  rawPath: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: rawPath,
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}
const auth = () => ({ 'x-studio-token': server.token });
const api = (method: string, input: unknown) =>
  raw(`/api/${method}`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'studio-server-'));
  const built = await buildStudioWorkspace(dir, { importAll: false });
  src = built.src;
  built.ws.close();
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Twin Studio</title>');
  writeFileSync(path.join(dir, 'secret.png'), 'outside');
  lines = [];
  server = await startStudioServer({
    workspaceDir: path.join(dir, 'workspace'),
    now: fixtureClock,
    rendererDir,
    port: 0,
    log: (l) => lines.push(l),
  });
  symlinkSync(path.join(dir, 'secret.png'), path.join(dir, 'workspace', 'catalog', 'escape.png'));
  symlinkSync(path.join(dir, 'workspace', 'keys'), path.join(dir, 'workspace', 'catalog', 'keys-link'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startStudioServer', () => {
  it('prints the URL with its token first, and listens on loopback only', () => {
    expect(lines[0]).toBe(`Twin Studio is running at http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses every request without the token, with a wrong one, or with a foreign Host', async () => {
    expect((await raw('/')).status).toBe(401);
    expect(
      (
        await api('twins.list', {}).then(() =>
          raw('/api/twins.list', { method: 'POST', headers: { 'x-studio-token': 'wrong' } }),
        )
      ).status,
    ).toBe(401);
    expect(
      (await raw('/api/twins.list', { method: 'POST', headers: { ...auth(), host: `evil.example:${server.port}` } }))
        .status,
    ).toBe(401);
    expect((await raw('/?token=nope')).status).toBe(401);
  });

  it('turns the ?token= link into an HttpOnly SameSite cookie that then authorises', async () => {
    const first = await raw(`/?token=${server.token}`);
    expect(first.status).toBe(302);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await raw('/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Twin Studio');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe');
  });

  it('refuses a cross-origin API call even with the cookie', async () => {
    const res = await raw('/api/twins.list', {
      method: 'POST',
      headers: { ...auth(), origin: 'http://evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('parses the input before the handler: a bad payload is INVALID_INPUT naming the field', async () => {
    const res = await api('licences.status', { twinId: ['x'] });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as { ok: boolean; error: { code: string; details: { fields: string[] } } };
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.details.fields).toEqual(['twinId']);
  });

  it("answers a refused call with its code's status from the error catalogue, the result in the body", async () => {
    const res = await api('shots.get', { shotId: 'no_such_shot' });
    expect(res.status).toBe(httpStatusOf('SHOT_NOT_FOUND'));
    expect(res.status).toBe(404);
    expect((JSON.parse(res.body) as { ok: boolean; error: { code: string } }).error.code).toBe('SHOT_NOT_FOUND');
  });

  it('uploads files into the workspace tmp, imports them and streams the change as an event', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${server.port}/api/events`, {
      headers: auth(),
      signal: controller.signal,
    });
    const reader = stream.body!.getReader();
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        events.push(Buffer.from(value).toString('utf8'));
        if (events.join('').includes('library.changed')) return;
      }
    })().catch(() => {});

    const pack = await api('twins.import', { path: src.packDir });
    expect(JSON.parse(pack.body).ok).toBe(true);
    const files = ['garment.json', 'garment.png'].map((name) => ({
      name,
      data: readFileSync(path.join(src.garments[0]!, name)).toString('base64'),
    }));
    const up = JSON.parse(
      (await raw('/api/upload', { method: 'POST', headers: auth(), body: JSON.stringify({ files }) })).body,
    ) as { ok: true; value: { dir: string } };
    expect(up.value.dir.startsWith(path.join(server.workspace.dir, 'tmp', 'uploads'))).toBe(true);
    const imported = JSON.parse((await api('catalog.importGarment', { path: up.value.dir })).body);
    expect(imported).toMatchObject({
      ok: true,
      value: { garmentId: 'tee-coral', image: 'catalog/garments/tee-coral/garment.png' },
    });
    await reading;
    controller.abort();
    expect(events.join('')).toContain('"type":"library.changed"');

    const badName = await raw('/api/upload', {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ files: [{ name: '../x.png', data: '' }] }),
    });
    expect(JSON.parse(badName.body).error.code).toBe('INVALID_INPUT');
  });

  it('serves workspace images and refuses ../, encoded ../, absolute paths, symlinks out and the keys folder', async () => {
    const ok = await raw('/files/twins/tw_ada/poses/front.png', { headers: auth() });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('image/png');
    expect(ok.headers['cache-control']).toBe('no-cache');
    // Gallery thumbnails never change once made: the browser may keep them.
    const thumbs = path.join(server.workspace.dir, 'outputs', '.thumbs');
    mkdirSync(thumbs, { recursive: true });
    copyFileSync(path.join(server.workspace.dir, 'twins/tw_ada/poses/front.png'), path.join(thumbs, 'out-1.png'));
    const thumb = await raw('/files/outputs/.thumbs/out-1.png', { headers: auth() });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['cache-control']).toContain('immutable');
    for (const bad of [
      '/files/twins/../keys/workstation.key.json',
      '/files/twins/%2e%2e/%2e%2e/secret.png',
      '/files/catalog/..%2f..%2fsecret.png',
      '/files//etc/passwd',
      '/files/keys/workstation.key.json',
      '/files/catalog/escape.png',
      '/files/catalog/keys-link/workstation.key.json',
    ]) {
      expect([bad, (await raw(bad, { headers: auth() })).status]).toEqual([bad, 403]);
    }
    expect((await raw('/files/twins/tw_ada/poses/none.png', { headers: auth() })).status).toBe(404);
  });
});
