import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, createFileProtocolHandler } from '../../electron/main/protocol.ts';

let dir: string;
let ws: string;
const png = Buffer.from('89504e470d0a1a0a', 'hex');

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'studio-protocol-'));
  ws = path.join(dir, 'ws');
  mkdirSync(path.join(ws, 'catalog', 'garments', 'tee'), { recursive: true });
  mkdirSync(path.join(ws, 'keys'), { recursive: true });
  writeFileSync(path.join(ws, 'catalog', 'garments', 'tee', 'garment.png'), png);
  writeFileSync(path.join(ws, 'keys', 'workstation.png'), 'private');
  writeFileSync(path.join(dir, 'outside.png'), 'outside');
  symlinkSync(path.join(dir, 'outside.png'), path.join(ws, 'catalog', 'link.png'));
  symlinkSync(path.join(ws, 'keys'), path.join(ws, 'catalog', 'keys'));
  mkdirSync(path.join(dir, 'renderer'));
  writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html>');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('twin-file:// protocol', () => {
  const handler = () => createFileProtocolHandler({ workspaceDir: ws });

  it('serves a good file from the workspace image folders', async () => {
    const res = await handler()(new Request('twin-file://workspace/catalog/garments/tee/garment.png'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
  });

  it('refuses ../ paths, encoded or not', async () => {
    for (const url of [
      'twin-file://workspace/catalog/../keys/workstation.png',
      'twin-file://workspace/catalog/%2e%2e/keys/workstation.png',
      'twin-file://workspace/catalog/..%2fkeys%2fworkstation.png',
      'twin-file://workspace/../outside.png',
    ]) {
      expect([url, (await handler()(new Request(url))).status]).toEqual([url, 403]);
    }
  });

  it('refuses a symlink that leads out of the root, and folders that are never served', async () => {
    expect((await handler()(new Request('twin-file://workspace/catalog/link.png'))).status).toBe(403);
    expect((await handler()(new Request('twin-file://workspace/catalog/keys/workstation.png'))).status).toBe(403);
    expect((await handler()(new Request('twin-file://workspace/keys/workstation.png'))).status).toBe(403);
    expect((await handler()(new Request('twin-file://other/catalog/garments/tee/garment.png'))).status).toBe(403);
  });

  it('serves the renderer with the CSP header', async () => {
    const res = await createAppProtocolHandler({ rendererDir: path.join(dir, 'renderer') })(
      new Request('twin-app://app/'),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
