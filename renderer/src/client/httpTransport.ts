import { isResult, type Result, type StudioEvent } from '../../../src/contract/index.ts';
import type { Transport } from './transport.ts';

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const NO_TOKEN = 'This page has no valid access token: open the link twin-studio printed when it started.';

/** Browser mode: the token travels in the HttpOnly cookie the printed link set, so nothing here handles it. */
export function createHttpTransport(origin = ''): Transport {
  const post = async (path: string, body: unknown): Promise<Result<unknown>> => {
    let res: Response;
    try {
      res = await fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (error) {
      return {
        ok: false,
        error: {
          code: 'STUDIO_UNREACHABLE',
          message: `The studio server did not answer: ${(error as Error).message}. Is 'twin-studio serve' still running?`,
          details: {},
        },
      };
    }
    // A refused call answers its code's status with a result; only the token check answers in plain text.
    const answer: unknown = res.headers.get('content-type')?.includes('application/json') ? await res.json() : null;
    if (isResult(answer)) return answer;
    if (res.status === 401) return { ok: false, error: { code: 'UNAUTHORISED', message: NO_TOKEN, details: {} } };
    const message = `The studio server answered ${res.status} without a result. Is 'twin-studio serve' still running?`;
    return { ok: false, error: { code: 'STUDIO_UNREACHABLE', message, details: { status: res.status } } };
  };
  return {
    mode: 'browser',
    call: (method, input) => post(`/api/${method}`, input ?? {}),
    onEvent(listener) {
      const source = new EventSource(`${origin}/api/events`);
      // EventSource reconnects by itself; whatever was published while it was away is fetched again.
      let cut = false;
      source.onerror = () => {
        cut = true;
      };
      source.onopen = () => {
        if (!cut) return;
        cut = false;
        listener({ type: 'events.resumed' });
      };
      source.onmessage = (message) => listener(JSON.parse(message.data as string) as StudioEvent);
      return () => source.close();
    },
    fileUrl: (rel) => `${origin}/files/${rel.split('/').map(encodeURIComponent).join('/')}`,
    async stage(files) {
      const payload = { files: await Promise.all(files.map(async (f) => ({ name: f.name, data: await base64Of(f) }))) };
      const result = await post('/api/upload', payload);
      if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
      const value = result.value as { dir: string; files: string[] };
      return { dir: value.dir, paths: value.files };
    },
  };
}
