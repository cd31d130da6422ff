import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock/index.ts';
import { createDispatcher, createStudioHandlers, type StudioServices } from '../api/index.ts';
import { httpStatusOf, toStudioError } from '../errors/index.ts';
import { THUMBNAIL } from '../outputs/index.ts';
import { fileRefusal, resolveWorkspaceImage } from '../paths/index.ts';
import { createWorkspace, type Workspace } from '../workspace/index.ts';
import { createToken, isAuthorised, isSameOrigin, tokenCookie, tokenMatches } from './auth.ts';
import { baseHeaders, readJson, sendJson, sendText } from './http.ts';
import { sendExportZip } from './exportDownload.ts';
import { serveRenderer } from './staticFiles.ts';
import { writeUpload } from './upload.ts';

export interface StudioServerOptions {
  workspaceDir: string;
  /** The process's clock (a workspace opened here decides by it). */
  now: Clock;
  /** 0 picks a free port. */
  port?: number;
  rendererDir: string;
  services?: StudioServices | ((ws: Workspace) => StudioServices);
  /** A studio built by the caller's composition root (workspace + services); the server closes it on close. */
  runtime?: StudioRuntimeHandle;
  /** Where the first line ("Twin Studio is running at …") goes. */
  log?: (line: string) => void;
  token?: string;
}

export interface StudioRuntimeHandle {
  workspace: Workspace;
  services: StudioServices;
  close(): void | Promise<void>;
}

export interface StudioServer {
  url: string;
  port: number;
  token: string;
  workspace: Workspace;
  close(): Promise<void>;
}

const API_LIMIT = 2 * 1024 * 1024;

/** A malformed escape (`/api/%E0`) names no method: the dispatcher answers UNKNOWN_METHOD rather than a crash. */
function decodedMethod(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
const UPLOAD_LIMIT = 200 * 1024 * 1024;

/**
 * Browser mode: the built renderer and the studio API on 127.0.0.1 only, every request guarded by a
 * per-run token. `POST /api/<method>` with a JSON input, `GET /api/events` (server-sent events),
 * `GET /files/<workspace-relative image>`, `POST /api/upload`.
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const workspace = options.runtime?.workspace ?? createWorkspace(options.workspaceDir, options.now);
  // Uploads are only a staging step before an import copies them into the workspace: leftovers from a past run go.
  rmSync(path.join(workspace.layout.tmp, 'uploads'), { recursive: true, force: true });
  const services =
    options.runtime?.services ??
    (typeof options.services === 'function' ? options.services(workspace) : options.services);
  const studio = createStudioHandlers({ workspace, mode: 'browser', ...(services ? { services } : {}) });
  const dispatch = createDispatcher(studio.handlers, (method, error) =>
    console.error(`[studio] ${method} failed:`, error),
  );
  const token = options.token ?? createToken();
  let port = 0;
  const streams = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    baseHeaders(res);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && url.searchParams.has('token')) {
      if (!tokenMatches(url.searchParams.get('token'), token))
        return sendText(
          res,
          401,
          'This link has an old or wrong token. Use the link twin-studio printed when it started.',
        );
      res.writeHead(302, { 'Set-Cookie': tokenCookie(token), Location: '/', 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (!isAuthorised(req, token, port))
      return sendText(res, 401, 'Open the link twin-studio printed when it started (it carries the access token).');

    if (rawPath.startsWith('/api/')) {
      if (!isSameOrigin(req, port)) return sendText(res, 403, 'Cross-origin requests are refused');
      if (rawPath === '/api/events' && req.method === 'GET') return openEventStream(res);
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST for API calls');
      if (rawPath === '/api/upload') {
        try {
          return sendJson(res, 200, {
            ok: true,
            value: writeUpload(workspace.layout.tmp, await readJson(req, UPLOAD_LIMIT)),
          });
        } catch (error) {
          return sendError(res, error);
        }
      }
      let input: unknown;
      try {
        input = await readJson(req, API_LIMIT);
      } catch (error) {
        return sendError(res, error);
      }
      const method = decodedMethod(rawPath.slice('/api/'.length));
      const result = await dispatch(method, input);
      return sendJson(res, result.ok ? 200 : httpStatusOf(result.error.code), result);
    }
    if (rawPath.startsWith('/exports/')) {
      if (req.method !== 'GET') return sendText(res, 405, 'Exports download with GET');
      return sendExportZip(res, workspace.dir, rawPath.slice('/exports/'.length));
    }
    if (rawPath.startsWith('/files/')) {
      if (req.method !== 'GET') return sendText(res, 405, 'Files are read-only');
      try {
        const { file, contentType } = resolveWorkspaceImage(workspace.dir, rawPath.slice('/files/'.length));
        // A thumbnail is made once from an output that never changes: the browser keeps it while the gallery scrolls.
        const immutable = path.relative(workspace.dir, file).split(path.sep).slice(0, 2).join('/') === THUMBNAIL.dir;
        const cache = immutable ? 'private, max-age=31536000, immutable' : 'no-cache';
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': cache });
        return void res.end(readFileSync(file));
      } catch (error) {
        const { status, text } = fileRefusal(error);
        return sendText(res, status, text);
      }
    }
    if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed');
    return serveRenderer(res, options.rendererDir, rawPath);
  };

  const sendError = (res: ServerResponse, error: unknown) => {
    const e = toStudioError(error);
    sendJson(res, httpStatusOf(e.code), { ok: false, error: e.toJSON() });
  };

  const openEventStream = (res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = studio.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, error);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  (options.log ?? ((line: string) => console.log(line)))(`Twin Studio is running at ${url}`);

  return {
    url,
    port,
    token,
    workspace,
    close: async () => {
      for (const s of streams) s.end();
      studio.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (options.runtime) await options.runtime.close();
      else workspace.close();
    },
  };
}
