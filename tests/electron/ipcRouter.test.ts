import { describe, expect, it, vi } from 'vitest';
import { createIpcRouter } from '../../electron/main/ipcRouter.ts';
import type { Dispatch } from '../../src/api/index.ts';
import { createDispatcher } from '../../src/api/index.ts';

const fakeHandlers = () => {
  const seen: unknown[] = [];
  const handlers = new Proxy(
    {},
    { get: (_t, method) => (input: unknown) => (seen.push([method, input]), { method, input }) },
  );
  return { seen, dispatch: createDispatcher(handlers as never) };
};
const from = (url: string, parent?: unknown) => ({ senderFrame: { url, parent } });

describe('the IPC router', () => {
  it('refuses a call from a frame that is not the studio, before parsing or dispatching', async () => {
    const dispatch = vi.fn<Dispatch>();
    const router = createIpcRouter({ dispatch });
    for (const event of [
      from('https://evil.example/'),
      from('file:///tmp/x.html'),
      from('twin-app://app/index.html', {}),
      { senderFrame: null },
    ]) {
      const result = await router(event, { method: 'twins.list', input: {} });
      expect(result.ok ? null : result.error.code).toBe('IPC_SENDER_REFUSED');
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a bad payload with INVALID_INPUT naming the field, without calling the handler', async () => {
    const { seen, dispatch } = fakeHandlers();
    const router = createIpcRouter({ dispatch });
    const noMethod = await router(from('twin-app://app/index.html'), { input: {} });
    expect(noMethod.ok ? null : noMethod.error.code).toBe('INVALID_INPUT');
    const badField = await router(from('twin-app://app/index.html'), {
      method: 'shots.get',
      input: { shotId: '../../etc' },
    });
    expect(badField.ok ? null : badField.error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { fields: ['shotId'] },
    });
    expect(seen).toEqual([]);
  });

  it('passes a good call from the app to the handler with the parsed input', async () => {
    const { seen, dispatch } = fakeHandlers();
    const router = createIpcRouter({ dispatch });
    const result = await router(from('twin-app://app/index.html#/canvas'), {
      method: 'render.enqueue',
      input: { shotId: 'shot_a', variants: { sceneIds: ['loft'] } },
    });
    expect(result.ok).toBe(true);
    // Defaults from the schema are filled in: the handler sees the parsed input, not the raw one.
    expect(seen).toEqual([['render.enqueue', { shotId: 'shot_a', variants: { sceneIds: ['loft'], poseIds: [] } }]]);
  });
});
