import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'studio_token';
export const TOKEN_HEADER = 'x-studio-token';

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

/**
 * The per-run token (the way Jupyter does it): in the `x-studio-token` header or the cookie set when the
 * printed URL is opened. Host must be our loopback address, which stops DNS-rebinding pages from talking to us.
 */
export function isAuthorised(req: IncomingMessage, token: string, port: number): boolean {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return false;
  const header = req.headers[TOKEN_HEADER];
  const given = typeof header === 'string' ? header : cookieToken(req);
  return given !== undefined && same(given, token);
}

/** A state-changing request from another origin is refused even with the cookie (SameSite=Strict also stops it). */
export function isSameOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function tokenMatches(given: string | null, token: string): boolean {
  return given !== null && same(given, token);
}
