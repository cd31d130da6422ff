import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand';
import { createStudioClient } from '../../../renderer/src/client/studioClient.ts';
import type { Transport } from '../../../renderer/src/client/transport.ts';
import { applyEvent, createStudioStore } from '../../../renderer/src/store/store.ts';
import type { StudioState } from '../../../renderer/src/store/types.ts';
import { createDispatcher, createStudioHandlers } from '../../../src/api/index.ts';
import { openStudio, type Studio } from '../../../src/app/index.ts';
import { createStudioSync, type StudioSync } from '../../../src/app/sync.ts';
import { createEnrolmentToken, startRegistry, type RunningRegistry } from '../../../src/registry/index.ts';
import { fixtureClock, runningFixtureClock } from '../../helpers/clock.ts';
import { makeTrust, tempDir } from '../../helpers/fixtures.ts';

/** Two windows on the real handlers, a real sync service and a real registry on loopback. */
describe('the sync slice', () => {
  const tmp = tempDir('twin-syncslice-');
  const trust = makeTrust();
  let registry: RunningRegistry;
  let studio: Studio;
  let sync: StudioSync;
  let api: ReturnType<typeof createStudioHandlers>;

  const openWindow = (): StoreApi<StudioState> => {
    const dispatch = createDispatcher(api.handlers);
    const transport: Transport = {
      mode: 'browser',
      call: (method, input) => dispatch(method, input),
      onEvent: () => () => {},
      fileUrl: (r) => r,
      stage: async () => ({ dir: '', paths: [] }),
    };
    const store = createStudioStore(createStudioClient(transport));
    api.events.subscribe((event) => applyEvent(store, event));
    return store;
  };

  beforeAll(async () => {
    registry = await startRegistry({
      now: runningFixtureClock(),
      db: path.join(tmp.dir, 'registry.sqlite'),
      registryKey: trust.registryKey,
    });
    studio = openStudio(path.join(tmp.dir, 'ws'), { now: fixtureClock, env: { TWIN_STUDIO_USER: 'tester' } });
    sync = createStudioSync(studio, { intervalMs: 3_600_000 });
    api = createStudioHandlers({ workspace: studio.ws, mode: 'browser', services: { sync: sync.service } });
  });
  afterAll(async () => {
    api.close();
    await sync.stop();
    studio.close();
    await registry.close();
    tmp.cleanup();
  });

  it('a refused enrolment stays under the form with advice; a good one shows in every window; Sync now checks in', async () => {
    const a = openWindow();
    const b = openWindow();
    await a.getState().refreshServices();
    await b.getState().refreshServices();
    expect(a.getState().sync).toMatchObject({ enrolled: false, orgId: null });

    expect(await a.getState().enrol(registry.url, 'enrol.not-a-token')).toBe(false);
    expect(a.getState().enrolError).toMatchObject({ code: 'ENROLMENT_TOKEN_INVALID' });
    expect(a.getState().sync?.lastError).toMatchObject({
      code: 'ENROLMENT_TOKEN_INVALID',
      advice: expect.stringMatching(/new enrolment token/),
    });
    expect(a.getState().syncBusy).toBeNull();

    const token = await createEnrolmentToken(registry.store, {
      now: fixtureClock,
      registryKeyId: registry.registryKey.keyId,
      orgId: 'org-brand',
    });
    expect(await a.getState().enrol(registry.url, token)).toBe(true);
    expect(a.getState().enrolError).toBeNull();
    expect(a.getState().sync).toMatchObject({ enrolled: true, orgId: 'org-brand', lastError: null });
    // The other window heard it through the sync.status event.
    expect(b.getState().sync).toMatchObject({ enrolled: true, orgId: 'org-brand' });

    await b.getState().syncNow();
    expect(b.getState().sync).toMatchObject({ state: 'idle', lastError: null });
    expect(b.getState().sync?.lastCheckInAt).not.toBeNull();
    expect(a.getState().sync?.lastCheckInAt).toBe(b.getState().sync?.lastCheckInAt);
  });
});
