import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIpcRouter } from '../../electron/main/ipcRouter.ts';
import { createDispatcher, createStudioHandlers } from '../../src/api/index.ts';
import type { StudioBridge, TwinView } from '../../src/contract/index.ts';
import type { Workspace } from '../../src/workspace/index.ts';
import { buildStudioWorkspace } from '../helpers/studioFixture.ts';

// The one boundary we fake: Electron itself. Its ipcRenderer is wired to the real router over a real workspace.
const exposed: Record<string, unknown> = {};
const wiring: {
  router?: ReturnType<typeof createIpcRouter>;
  frameUrl: string;
  listeners: Map<string, (e: unknown, p: unknown) => void>;
} = { frameUrl: 'twin-app://app/index.html', listeners: new Map() };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      if (channel !== 'studio:invoke') throw new Error(`unexpected channel ${channel}`);
      return wiring.router!({ senderFrame: { url: wiring.frameUrl } }, JSON.parse(JSON.stringify(payload)));
    },
    on: (channel: string, l: (e: unknown, p: unknown) => void) => wiring.listeners.set(channel, l),
    removeListener: (channel: string) => wiring.listeners.delete(channel),
  },
  webUtils: { getPathForFile: () => '/picked/file.twinpack' },
}));

let dir: string;
let ws: Workspace;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'studio-preload-'));
  ({ ws } = await buildStudioWorkspace(dir));
  const { handlers } = createStudioHandlers({ workspace: ws, mode: 'electron' });
  wiring.router = createIpcRouter({ dispatch: createDispatcher(handlers) });
  await import('../../electron/preload/index.ts');
});
afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the preload', () => {
  it('exposes window.studio as named functions per method, never ipcRenderer', () => {
    const studio = exposed.studio as StudioBridge;
    expect(Object.keys(exposed)).toEqual(['studio']);
    expect(typeof studio.twins.list).toBe('function');
    expect(typeof studio.render.enqueue).toBe('function');
    expect(studio).not.toHaveProperty('invoke');
    expect(studio).not.toHaveProperty('send');
    expect(studio.fileUrl('twins/tw a/x.png')).toBe('twin-file://workspace/twins/tw%20a/x.png');
    expect(studio.pathForFile({})).toBe('/picked/file.twinpack');
  });

  it('calls the real router and handlers end to end', async () => {
    const studio = exposed.studio as StudioBridge;
    const result = await studio.twins.list({});
    expect(result.ok).toBe(true);
    expect((result.ok ? result.value : [])[0] as TwinView).toMatchObject({
      twinId: 'tw_ada',
      displayName: 'Ada (mannequin)',
    });
    const bad = await studio.licences.status({ twinId: 7 as unknown as string });
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_INPUT');
  });

  it('is refused when the page is not the studio', async () => {
    wiring.frameUrl = 'https://evil.example/';
    const result = await (exposed.studio as StudioBridge).twins.list({});
    wiring.frameUrl = 'twin-app://app/index.html';
    expect(result.ok ? null : result.error.code).toBe('IPC_SENDER_REFUSED');
  });

  it('delivers main events to the listener and unsubscribes', () => {
    const got: unknown[] = [];
    const off = (exposed.studio as StudioBridge).onEvent((e) => got.push(e));
    wiring.listeners.get('studio:event')!({}, { type: 'library.changed', what: 'twins' });
    off();
    expect(got).toEqual([{ type: 'library.changed', what: 'twins' }]);
    expect(wiring.listeners.has('studio:event')).toBe(false);
  });
});
