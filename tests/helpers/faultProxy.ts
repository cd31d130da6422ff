import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to do to one request on its way through. */
export interface FaultPlan {
  /** Rewrite the body in flight. */
  alterBody?: (body: string) => string;
  /** Rewrite the server's reply on its way back (a man in the middle). */
  alterReply?: (body: string) => string;
  /** Forward and let the server commit, then cut the client's connection without a reply. */
  dropReply?: boolean;
  /** Send the request twice; the client gets the second reply. */
  duplicate?: boolean;
  /** Keep a copy to replay later, out of order. */
  capture?: boolean;
  /** Called once the request has been handed to the server, before its reply is awaited (e.g. kill the server). */
  afterSend?: () => void | Promise<void>;
}

export interface FaultProxy {
  url: string;
  /** Decides per request; undefined lets it through untouched. */
  setFault(fault: ((req: CapturedRequest, index: number) => FaultPlan | undefined) | null): void;
  setTarget(url: string): void;
  captured: CapturedRequest[];
  /** Sends a captured request again, as the network might, and returns the status the server gave it. */
  replay(req: CapturedRequest): Promise<number>;
  close(): Promise<void>;
}

function forward(
  target: string,
  req: CapturedRequest,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.path, target);
    const headers = { ...req.headers, host: url.host, 'content-length': String(Buffer.byteLength(req.body)) };
    const out = httpRequest(url, { method: req.method, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    out.on('error', reject);
    out.on('timeout', () => out.destroy(new Error('proxy upstream timeout')));
    out.end(req.body);
  });
}

/** An HTTP proxy on 127.0.0.1 that injects network faults between the sync client and the registry. */
export async function startFaultProxy(initialTarget: string): Promise<FaultProxy> {
  let target = initialTarget;
  let fault: ((req: CapturedRequest, index: number) => FaultPlan | undefined) | null = null;
  let index = 0;
  const captured: CapturedRequest[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      void (async () => {
        const req: CapturedRequest = {
          method: incoming.method ?? 'GET',
          path: incoming.url ?? '/',
          headers: { ...incoming.headers },
          body: Buffer.concat(chunks).toString('utf8'),
        };
        const plan = fault?.(req, index++) ?? {};
        if (plan.capture) captured.push({ ...req });
        const sent = { ...req, body: plan.alterBody ? plan.alterBody(req.body) : req.body };
        try {
          const pending = forward(target, sent);
          pending.catch(() => undefined);
          await plan.afterSend?.();
          let reply = await pending;
          if (plan.duplicate) reply = await forward(target, sent);
          if (plan.dropReply) {
            incoming.socket.destroy();
            return;
          }
          outgoing.writeHead(reply.status, {
            'content-type': String(reply.headers['content-type'] ?? 'application/json'),
          });
          outgoing.end(plan.alterReply ? plan.alterReply(reply.body.toString('utf8')) : reply.body);
        } catch {
          incoming.socket.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault: (f) => void (fault = f),
    setTarget: (url) => void (target = url),
    captured,
    replay: async (req) => (await forward(target, req)).status,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
