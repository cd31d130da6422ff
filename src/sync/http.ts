import { duplicateKeyIn } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { unreachableRegistry } from './registryCa.ts';
import { AUTH_HEADERS, signRequest } from '../registry/protocol.ts';

export interface SignedHttp {
  call(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
}

/** Signs each request with the workstation key, timestamped on the registry's clock (local clock + offset). */
export function createSignedHttp(deps: {
  registryUrl: string;
  workstationId: string;
  privateKeyPem: string;
  fetch: typeof fetch;
  now: () => Date;
  offsetMs: () => number;
  timeoutMs: number;
}): SignedHttp {
  return {
    async call(method, pathAndQuery, body) {
      const text = body === undefined ? '' : JSON.stringify(body);
      const local = deps.now();
      const timestamp = new Date(local.getTime() + deps.offsetMs()).toISOString();
      const headers: Record<string, string> = {
        [AUTH_HEADERS.workstation]: deps.workstationId,
        [AUTH_HEADERS.timestamp]: timestamp,
        [AUTH_HEADERS.localTime]: local.toISOString(),
        [AUTH_HEADERS.signature]: signRequest(method, pathAndQuery, timestamp, text, deps.privateKeyPem),
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await deps.fetch(new URL(pathAndQuery, deps.registryUrl), {
          method,
          headers,
          ...(body !== undefined ? { body: text } : {}),
          signal: AbortSignal.timeout(deps.timeoutMs),
        });
      } catch (cause) {
        throw unreachableRegistry(deps.registryUrl, cause);
      }
      let json: Record<string, unknown>;
      let reply: string;
      try {
        reply = await response.text();
        json = JSON.parse(reply) as Record<string, unknown>;
      } catch (cause) {
        throw new StudioError(
          'REGISTRY_UNREACHABLE',
          `The registry's reply to ${method} ${pathAndQuery} was cut off or not JSON`,
          { status: response.status },
          { cause },
        );
      }
      const repeated = duplicateKeyIn(reply);
      if (repeated !== null) {
        throw new StudioError(
          'RECEIPT_INVALID',
          `The registry's reply to ${method} ${pathAndQuery} repeats the key ${JSON.stringify(repeated)}; a signed reply must name each key once`,
          {
            duplicateKey: repeated,
          },
        );
      }
      return { status: response.status, json };
    },
  };
}
