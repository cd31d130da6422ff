import { describe, expect, it } from 'vitest';
import { createStudioClient, classifyFiles } from '../../../renderer/src/client/studioClient.ts';
import type { Transport } from '../../../renderer/src/client/transport.ts';
import { StudioApiError, type StudioEvent } from '../../../src/contract/index.ts';

const file = (name: string) => new File(['x'], name);

describe('StudioClient', () => {
  it('sorts picked files into imports', () => {
    const groups = classifyFiles([
      file('ada.twinpack'),
      file('lic.licence.json'),
      file('garment.json'),
      file('garment.png'),
      file('notes.txt'),
    ]);
    expect(groups.map((g) => [g.kind, g.files.map((f) => f.name)])).toEqual([
      ['twin', ['ada.twinpack']],
      ['licence', ['lic.licence.json']],
      ['garment', ['garment.json', 'garment.png']],
    ]);
  });

  it('rebuilds the typed error from a failed result', async () => {
    const transport: Transport = {
      mode: 'browser',
      call: async () => ({
        ok: false,
        error: { code: 'LICENCE_EXPIRED', message: 'Licence x expired', details: { licenceId: 'x' } },
      }),
      onEvent: () => () => {},
      fileUrl: (r) => r,
      stage: async () => ({ dir: '/tmp/u', paths: ['/tmp/u/a'] }),
    };
    const client = createStudioClient(transport);
    const error = await client.call('shots.check', { shotId: 'shot_a' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioApiError);
    expect(error).toMatchObject({ code: 'LICENCE_EXPIRED', method: 'shots.check', details: { licenceId: 'x' } });
  });

  it('imports a garment folder by staging its files and passing the folder', async () => {
    const calls: [string, unknown][] = [];
    const transport: Transport = {
      mode: 'browser',
      call: async (method, input) => (calls.push([method, input]), { ok: true, value: {} }),
      onEvent: () => () => {},
      fileUrl: (r) => r,
      stage: async (files) => ({ dir: '/ws/tmp/uploads/1', paths: files.map((f) => `/ws/tmp/uploads/1/${f.name}`) }),
    };
    const results = await createStudioClient(transport).importFiles([
      file('garment.json'),
      file('garment.png'),
      file('l.licence.json'),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(calls).toEqual([
      ['licences.import', { path: '/ws/tmp/uploads/1/l.licence.json' }],
      ['catalog.importGarment', { path: '/ws/tmp/uploads/1' }],
    ]);
  });
});

describe('browser mode events', () => {
  it('says when the event stream is back after a cut, not on the first connection', async () => {
    const { createHttpTransport } = await import('../../../renderer/src/client/httpTransport.ts');
    const sources: FakeEventSource[] = [];
    class FakeEventSource {
      onopen: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onmessage: ((m: { data: string }) => void) | null = null;
      readonly url: string;
      constructor(url: string) {
        this.url = url;
        sources.push(this);
      }
      close() {}
    }
    const original = (globalThis as { EventSource?: unknown }).EventSource;
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    try {
      const got: StudioEvent[] = [];
      createHttpTransport('http://127.0.0.1:1').onEvent((e) => got.push(e));
      const source = sources[0]!;
      expect(source.url).toBe('http://127.0.0.1:1/api/events');
      source.onopen!();
      source.onmessage!({ data: JSON.stringify({ type: 'job.removed', jobId: 'j1' }) });
      source.onerror!();
      source.onopen!();
      source.onopen!();
      expect(got).toEqual([{ type: 'job.removed', jobId: 'j1' }, { type: 'events.resumed' }]);
    } finally {
      (globalThis as { EventSource?: unknown }).EventSource = original;
    }
  });
});
