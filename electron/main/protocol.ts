import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileRefusal, resolveContained, resolveWorkspaceImage } from '../../src/paths/index.ts';
import { CONTENT_SECURITY_POLICY_ELECTRON } from './csp.ts';

export const APP_SCHEME = 'twin-app';
export const FILE_SCHEME = 'twin-file';

/** Both schemes behave like https for the renderer (origin, fetch, CSP 'self'); registered before app ready. */
export const PRIVILEGED_SCHEMES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: FILE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

const RENDERER_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const refused = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain' } });

/** twin-file://workspace/<relative image>: the real path must stay inside the workspace's image folders. */
export function createFileProtocolHandler(deps: { workspaceDir: string }) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.host !== 'workspace') return refused(403, 'Forbidden');
    try {
      const { file, contentType } = resolveWorkspaceImage(deps.workspaceDir, url.pathname.replace(/^\//, ''));
      return new Response(await readFile(file), { status: 200, headers: { 'Content-Type': contentType } });
    } catch (error) {
      const { status, text } = fileRefusal(error);
      return refused(status, text);
    }
  };
}

/** twin-app://app/…: the built renderer, with the CSP header on every document. */
export function createAppProtocolHandler(deps: { rendererDir: string }) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.host !== 'app') return refused(403, 'Forbidden');
    const rel = url.pathname === '/' ? 'index.html' : url.pathname.replace(/^\//, '');
    try {
      const file = resolveContained([deps.rendererDir], rel);
      const type = RENDERER_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(await readFile(file), {
        status: 200,
        headers: { 'Content-Type': type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY_ELECTRON },
      });
    } catch (error) {
      const { status, text } = fileRefusal(error);
      return refused(status, text);
    }
  };
}

export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export function registerProtocols(protocol: ProtocolLike, deps: { workspaceDir: string; rendererDir: string }): void {
  protocol.handle(FILE_SCHEME, createFileProtocolHandler(deps));
  protocol.handle(APP_SCHEME, createAppProtocolHandler(deps));
}
