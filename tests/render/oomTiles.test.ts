import type * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProviderName, SessionCache } from '../../src/render/models.ts';
import { GARMENT_SLOTS } from '../../src/render/graphs/catalog.ts';
import { prepareShot, renderShot, type RenderResult, type StageEvent } from '../../src/render/pipeline/index.ts';
import { useRenderFixture, withTees } from '../helpers/renderWorkspace.ts';

/**
 * GPU memory is hardware the tests do not have: a "webgpu" provider here is the real CPU session whose `run`
 * fails the way a device out of memory fails whenever `fails(height, width)` says so; every run is recorded.
 */
function gpuThatRunsOutOfMemory(
  sessions: SessionCache,
  fails: (h: number, w: number) => boolean,
  error = (h: number, w: number) =>
    new Error(`WebGPU: Failed to allocate a buffer of ${16 * h * w} bytes (out of memory)`),
) {
  const runs: { model: string; h: number; w: number; failed: boolean }[] = [];
  const asked: { model: string; providers: readonly ProviderName[] }[] = [];
  const cache: SessionCache = {
    manifest: () => sessions.manifest(),
    async get(id, providers) {
      asked.push({ model: id, providers: providers ?? [] });
      if (providers?.[0] !== 'webgpu') return sessions.get(id, providers);
      const real = await sessions.get(id, ['cpu']);
      const run = async (feeds: Record<string, ort.Tensor>, fetches?: string[]) => {
        // The scene is interleaved uint8 [1,H,W,3].
        const [, h, w] = (feeds.scene as ort.Tensor).dims as [number, number, number, number];
        const failed = fails(h, w);
        runs.push({ model: id, h, w, failed });
        if (failed) throw error(h, w);
        return fetches ? real.session.run(feeds, fetches) : real.session.run(feeds);
      };
      const session = {
        run,
        outputNames: real.session.outputNames,
        inputNames: real.session.inputNames,
      } as unknown as ort.InferenceSession;
      return { ...real, session, provider: 'webgpu', attempts: [{ provider: 'webgpu', ok: true }] };
    },
    release: async () => {},
  };
  return { cache, runs, asked };
}

function maxByteDiff(a: RenderResult, b: RenderResult): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let m = 0;
  for (let i = 0; i < a.rgba.length; i++) m = Math.max(m, Math.abs((a.rgba[i] as number) - (b.rgba[i] as number)));
  return m;
}

describe('out of device memory: tiles on the same provider, then the next provider', () => {
  const fix = useRenderFixture('twin-oom-', { output: { width: 512, height: 768 }, poseScale: 2 });
  let wholeOnCpu: RenderResult;

  beforeAll(async () => {
    wholeOnCpu = await renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), fix.sessions);
  });

  it('retries a pass that runs out of memory above a size in smaller tiles on the same provider, and says so', async () => {
    // 384-px tiles need windows up to 436×436 px, 256-px ones up to 360×308: the device holds 150 000 pixels.
    const gpu = gpuThatRunsOutOfMemory(fix.sessions, (h, w) => h * w > 150_000);
    const ends: StageEvent[] = [];
    const r = await renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), gpu.cache, {
      providers: ['webgpu', 'cpu'],
      onStage: (e) => (e.ms === undefined ? undefined : ends.push(e)),
    });
    const note = 'out of memory at full frame and in 384-px tiles on webgpu; rendered in 256-px tiles';
    expect(r.provider).toBe('webgpu');
    expect(r.tile).toBe(256);
    expect(r.attempts).toEqual([{ provider: 'webgpu', ok: true, tile: 256, note }]);
    expect(ends.find((e) => e.stage === 'composite')).toMatchObject({ tile: 256, note });
    expect(ends.filter((e) => e.stage !== 'composite').every((e) => e.tile === undefined && e.note === undefined)).toBe(
      true,
    );
    // Provenance names the model that made the pixels: the tile variant.
    const manifest = await fix.sessions.manifest();
    expect(r.models).toEqual([
      { id: 'render-combined-tile', sha256: manifest.models.find((m) => m.id === 'render-combined-tile')!.sha256 },
    ]);
    // Whole frame, the first 384-px window, then every 256-px window; the tile model on webgpu only.
    expect(gpu.runs[0]).toEqual({ model: 'render-combined', h: 768, w: 512, failed: true });
    expect(gpu.runs[1]).toEqual({ model: 'render-combined-tile', h: 436, w: 436, failed: true });
    expect(gpu.runs.slice(2).map((x) => x.failed)).toEqual(new Array(6).fill(false));
    expect(gpu.asked.filter((a) => a.model === 'render-combined-tile')).toEqual([
      { model: 'render-combined-tile', providers: ['webgpu'] },
    ]);
    expect(maxByteDiff(r, wholeOnCpu)).toBeLessThanOrEqual(1);
  });

  it('goes on in tiles for every pass of a shot with more garments than slots', async () => {
    const shot = withTees(fix.fx.shot, GARMENT_SLOTS + 1);
    const whole = await renderShot(await prepareShot(fix.fx.ws, shot), fix.sessions);
    const gpu = gpuThatRunsOutOfMemory(fix.sessions, (h, w) => h * w > 150_000);
    const ends: StageEvent[] = [];
    const r = await renderShot(await prepareShot(fix.fx.ws, shot), gpu.cache, {
      providers: ['webgpu', 'cpu'],
      onStage: (e) => (e.ms === undefined ? undefined : ends.push(e)),
    });
    expect(r).toMatchObject({ provider: 'webgpu', tile: 256 });
    expect(ends.filter((e) => e.stage.startsWith('composite')).map((e) => [e.stage, e.tile])).toEqual([
      ['composite-1', 256],
      ['composite-2', 256],
    ]);
    // The second pass starts at the tile size the first one ended on.
    expect(gpu.runs.filter((x) => x.failed)).toHaveLength(2);
    expect(maxByteDiff(r, whole)).toBeLessThanOrEqual(1);
  });

  it('falls back to the next provider when even the smallest tiles run out of memory', async () => {
    const gpu = gpuThatRunsOutOfMemory(fix.sessions, () => true);
    const r = await renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), gpu.cache, { providers: ['webgpu', 'cpu'] });
    expect(r.provider).toBe('cpu');
    expect(r.tile).toBeNull();
    expect(r.attempts).toEqual([
      {
        provider: 'webgpu',
        ok: false,
        reason: expect.stringMatching(
          /^out of memory during inference at full frame and in 384-, 256-px tiles: WebGPU: Failed to allocate/,
        ),
      },
      { provider: 'cpu', ok: true },
    ]);
    expect(gpu.runs.map((x) => [x.model, x.h, x.w])).toEqual([
      ['render-combined', 768, 512],
      ['render-combined-tile', 436, 436],
      ['render-combined-tile', 308, 308],
    ]);
    expect(Buffer.from(r.rgba).equals(Buffer.from(wholeOnCpu.rgba))).toBe(true);
  });

  it('cancels between tiles', async () => {
    const controller = new AbortController();
    const gpu = gpuThatRunsOutOfMemory(fix.sessions, (h, w) => {
      const big = h * w > 150_000;
      if (!big) controller.abort();
      return big;
    });
    await expect(
      renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), gpu.cache, {
        providers: ['webgpu', 'cpu'],
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({
      code: 'RENDER_CANCELLED',
      details: { stage: 'composite' },
    });
    expect(gpu.runs.filter((x) => !x.failed)).toHaveLength(1);
  });

  it('does not retry an error that is not out of memory', async () => {
    const gpu = gpuThatRunsOutOfMemory(
      fix.sessions,
      () => true,
      () => new Error('WebGPU: shader compilation failed'),
    );
    await expect(
      renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), gpu.cache, { providers: ['webgpu', 'cpu'] }),
    ).rejects.toThrow(/shader compilation failed/);
    expect(gpu.runs).toHaveLength(1);
    expect(gpu.asked.map((a) => a.model)).toEqual(['render-combined']);
  });
});
