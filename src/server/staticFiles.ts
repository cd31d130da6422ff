import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { fileRefusal, resolveContained } from '../paths/index.ts';
import { sendText } from './http.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** Serves the built renderer; unknown routes get index.html so the single-page app can route. */
export function serveRenderer(res: ServerResponse, rendererDir: string, urlPath: string): void {
  const rel = urlPath === '/' || urlPath === '' ? 'index.html' : urlPath.replace(/^\//, '');
  let file: string;
  try {
    file = resolveContained([rendererDir], rel);
  } catch (error) {
    const refusal = fileRefusal(error);
    if (refusal.status !== 404) return sendText(res, refusal.status, refusal.text);
    try {
      file = resolveContained([rendererDir], 'index.html');
    } catch {
      return sendText(res, 503, `The studio's interface is not built at ${rendererDir}: run 'npm run build' first.`);
    }
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'max-age=3600',
  });
  res.end(readFileSync(file));
}
