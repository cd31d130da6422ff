import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudioHandlers } from '../../src/api/index.ts';
import { openStudio, type Studio } from '../../src/app/index.ts';
import { createProviderChoice } from '../../src/app/renderProviders.ts';
import { createStudioSync, type StudioSync } from '../../src/app/sync.ts';
import type { RenderService } from '../../src/api/index.ts';
import type { StudioEvent } from '../../src/contract/index.ts';
import { createDispatcher } from '../../src/api/index.ts';
import { createEnrolmentToken, startRegistry, type RunningRegistry } from '../../src/registry/index.ts';
import { defaultModelsDir } from '../../src/render/index.ts';
import { workstationIdOf } from '../../src/ledger/index.ts';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { makeTrust, tempDir } from '../helpers/fixtures.ts';

describe('settings: the execution providers', () => {
  const tmp = tempDir('twin-settings-');
  let studio: Studio;
  afterAll(() => {
    studio.close();
    tmp.cleanup();
  });

  it('keep one order however the user picks and reloads (CUDA · DirectML · CoreML · WebGPU · CPU)', async () => {
    studio = openStudio(path.join(tmp.dir, 'ws'), { now: fixtureClock, env: { TWIN_STUDIO_USER: 'tester' } });
    const handlersWith = () => {
      // The real choice: a new one per "reload", each asking the platform's providers to load the model.
      const choice = createProviderChoice({
        ws: studio.ws,
        modelsDir: defaultModelsDir(),
        candidates: ['webgpu', 'cpu', 'cuda'],
      });
      const render = { providers: () => choice.list(), events: () => () => {} } as unknown as RenderService;
      return createStudioHandlers({ workspace: studio.ws, mode: 'browser', services: { render } }).handlers;
    };
    const ids = async () => (await handlersWith()['settings.get']({})).providers!.map((p) => p.id);
    expect(await ids()).toEqual(['cuda', 'webgpu', 'cpu']);
    for (const pick of ['cpu', 'webgpu', 'cuda', 'auto']) {
      const after = await handlersWith()['settings.setProvider']({ provider: pick });
      expect(after.executionProvider).toBe(pick);
      expect(after.providers!.map((p) => p.id)).toEqual(['cuda', 'webgpu', 'cpu']);
      expect(await ids()).toEqual(['cuda', 'webgpu', 'cpu']);
    }
  });
});

/** Enrolment and "Sync now" through the API, against a real registry on loopback. */
describe('settings: registry enrolment and sync now', () => {
  const tmp = tempDir('twin-enrol-api-');
  const trust = makeTrust();
  let registry: RunningRegistry;
  let studio: Studio;
  let sync: StudioSync;
  let dispatch: ReturnType<typeof createDispatcher>;
  const events: StudioEvent[] = [];

  beforeAll(async () => {
    registry = await startRegistry({
      now: runningFixtureClock(),
      db: path.join(tmp.dir, 'registry.sqlite'),
      registryKey: trust.registryKey,
    });
    studio = openStudio(path.join(tmp.dir, 'ws'), { now: fixtureClock, env: { TWIN_STUDIO_USER: 'tester' } });
    sync = createStudioSync(studio, { intervalMs: 3_600_000 });
    sync.start();
    const api = createStudioHandlers({ workspace: studio.ws, mode: 'browser', services: { sync: sync.service } });
    api.events.subscribe((e) => events.push(e));
    dispatch = createDispatcher(api.handlers, () => {});
  });
  afterAll(async () => {
    await sync.stop();
    studio.close();
    await registry.close();
    tmp.cleanup();
  });

  const token = (orgId = 'org-brand') =>
    createEnrolmentToken(registry.store, { now: fixtureClock, registryKeyId: registry.registryKey.keyId, orgId });

  it('says "not enrolled" and refuses Sync now with what to do', async () => {
    expect(await dispatch('sync.status', {})).toMatchObject({
      ok: true,
      value: { enrolled: false, state: 'idle', orgId: null, lastError: null },
    });
    const now = await dispatch('sync.now', {});
    expect(now).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED' } });
    expect(!now.ok && now.error.message).toContain('enrol in Settings');
  });

  it('refuses a malformed URL or token at the boundary, and a spent or foreign token in plain words', async () => {
    expect(await dispatch('sync.enrol', { registryUrl: 'not a url', token: await token() })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await dispatch('sync.enrol', { registryUrl: registry.url, token: 'enrol.nope' })).toMatchObject({
      ok: false,
      error: { code: 'ENROLMENT_TOKEN_INVALID' },
    });
    // Nothing listens there: unreachable, and the status says what to do.
    const away = await dispatch('sync.enrol', { registryUrl: 'http://127.0.0.1:9', token: await token() });
    expect(away).toMatchObject({ ok: false, error: { code: 'REGISTRY_UNREACHABLE' } });
    const status = await dispatch('sync.status', {});
    expect(status).toMatchObject({
      ok: true,
      value: { enrolled: false, state: 'error', lastError: { code: 'REGISTRY_UNREACHABLE' } },
    });
    expect(status.ok && (status.value as { lastError: { advice: string } }).lastError.advice).toMatch(
      /Check the address/,
    );
    expect(studio.ws.trust.registryKeys()).toEqual([]);
  });

  it('enrols with URL + token (pinning the key it names), then Sync now checks in and the status says so', async () => {
    const enrolled = await dispatch('sync.enrol', { registryUrl: ` ${registry.url} `, token: await token() });
    expect(enrolled).toMatchObject({
      ok: true,
      value: {
        enrolled: true,
        registryUrl: registry.url,
        orgId: 'org-brand',
        workstationId: workstationIdOf(studio.ws.workstationKey.publicKeyPem),
        lastError: null,
      },
    });
    expect(studio.ws.trust.registryKeys().map((k) => k.keyId)).toEqual([trust.registryKey.keyId]);
    expect(events.some((e) => e.type === 'sync.status' && e.status.enrolled)).toBe(true);

    const synced = await dispatch('sync.now', {});
    expect(synced).toMatchObject({
      ok: true,
      value: { enrolled: true, state: 'idle', pendingRecords: 0, lastError: null },
    });
    expect(synced.ok && (synced.value as { lastCheckInAt: string | null }).lastCheckInAt).not.toBeNull();
    expect(events.some((e) => e.type === 'sync.status' && e.status.state === 'syncing')).toBe(true);
  });

  it('a record the registry refuses shows as an error with what to do; it stays waiting', async () => {
    studio.ledger.append({
      kind: 'render',
      twinId: 'twin-test',
      licenceId: 'lic-1',
      shotId: 's1',
      ref: null,
      outputSha256: 'b'.repeat(64),
      use: { channel: 'ecommerce', territory: 'DE' },
      fee: { amount: 3000, currency: 'EUR' },
    });
    const refused = await dispatch('sync.now', {});
    expect(refused).toMatchObject({
      ok: true,
      value: { state: 'error', pendingRecords: 1, lastError: { code: 'SYNC_REJECTED' } },
    });
    const { lastError } = (refused as { value: { lastError: { advice: string } } }).value;
    expect(lastError.advice).toMatch(/registry operator/);
  });

  it('a token naming another registry key is refused with advice; the enrolment stays as it was', async () => {
    const foreign = `enrol.${'A'.repeat(16)}.org-brand.${'B'.repeat(32)}`;
    const again = await dispatch('sync.enrol', { registryUrl: registry.url, token: foreign });
    expect(again).toMatchObject({ ok: false, error: { code: 'ENROL_REGISTRY_MISMATCH' } });
    expect(await dispatch('sync.status', {})).toMatchObject({
      ok: true,
      value: { enrolled: true, orgId: 'org-brand' },
    });
  });
});
