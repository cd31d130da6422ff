import { describe, expect, it } from 'vitest';
import { createProviderFallback } from '../../src/render/pipeline/fallback.ts';

const oom = (what = 'full frame') => new Error(`WebGPU: Failed to allocate a buffer for the ${what} (out of memory)`);
const start = () =>
  createProviderFallback({ provider: 'webgpu', order: ['cuda', 'webgpu', 'dml', 'cpu'], sizes: [1024, 512, 256] });

describe('the out-of-memory fallback of a render', () => {
  it('starts at full frame on its provider, with nothing to report', () => {
    const f = start();
    expect(f.state()).toEqual({ name: 'fullFrame' });
    expect(f.provider()).toBe('webgpu');
    expect(f.tile()).toBeUndefined();
    expect(f.note()).toBeUndefined();
    f.passDone();
    expect(f.smallestTile()).toBeUndefined();
  });

  it('fullFrame → startTiles(1024) → tiled(1024) → startTiles(512) → tiled(512), saying where memory ran out', () => {
    const f = start();
    expect(f.runFailed(oom())).toEqual({ name: 'startTiles', tile: 1024 });
    expect(f.tile()).toBeUndefined();
    expect(f.tilesStarted()).toEqual({ name: 'tiled', tile: 1024 });
    expect(f.note()).toBe('out of memory at full frame on webgpu; rendered in 1024-px tiles');
    expect(f.runFailed(oom('tile'))).toEqual({ name: 'startTiles', tile: 512 });
    expect(f.tilesStarted()).toEqual({ name: 'tiled', tile: 512 });
    expect(f.note()).toBe('out of memory at full frame and in 1024-px tiles on webgpu; rendered in 512-px tiles');
    f.passDone();
    expect(f.smallestTile()).toBe(512);
  });

  it('keeps the smallest tile side any finished pass ran at', () => {
    const f = start();
    f.runFailed(oom());
    f.tilesStarted();
    f.passDone();
    f.runFailed(oom());
    f.tilesStarted();
    f.passDone();
    expect([f.tile(), f.smallestTile()]).toEqual([512, 512]);
  });

  it('tiled(smallest) → nextProvider: the rest of the order after this provider, the CPU last, with the failed attempt', () => {
    const f = start();
    for (const _ of [1024, 512, 256]) {
      f.runFailed(oom());
      f.tilesStarted();
    }
    const next = f.runFailed(oom('256-px tile'));
    expect(next).toEqual({
      name: 'nextProvider',
      providers: ['dml', 'cpu'],
      attempt: {
        provider: 'webgpu',
        ok: false,
        reason:
          'out of memory during inference at full frame and in 1024-, 512-, 256-px tiles: WebGPU: Failed to allocate a buffer for the 256-px tile (out of memory)',
      },
    });
  });

  it('startTiles → nextProvider when the tile model does not start there, saying why', () => {
    const f = start();
    f.runFailed(oom());
    const next = f.tilesFailed('no tile model for webgpu');
    expect(next).toMatchObject({ name: 'nextProvider', providers: ['dml', 'cpu'] });
    expect(next.name === 'nextProvider' && next.attempt.reason).toBe(
      'out of memory during inference at full frame; the tile model did not start there: no tile model for webgpu: WebGPU: Failed to allocate a buffer for the full frame (out of memory)',
    );
  });

  it('nextProvider → fullFrame on the new provider, forgetting the old one’s failures', () => {
    const f = start();
    f.runFailed(oom());
    f.tilesFailed('none');
    expect(f.providerStarted('dml')).toEqual({ name: 'fullFrame' });
    expect(f.provider()).toBe('dml');
    f.runFailed(oom());
    f.tilesStarted();
    expect(f.note()).toBe('out of memory at full frame on dml; rendered in 1024-px tiles');
  });

  it('goes to the CPU alone when the provider is not in the order', () => {
    const f = createProviderFallback({ provider: 'cuda', order: ['cpu'], sizes: [] });
    expect(f.runFailed(oom())).toMatchObject({ name: 'nextProvider', providers: ['cpu'] });
  });

  it('fails with the error itself when it is not out of memory, or when the CPU runs out', () => {
    const broken = new Error('Invalid feed: scene has the wrong shape');
    expect(start().runFailed(broken)).toEqual({ name: 'failed', error: broken });
    const cpu = createProviderFallback({ provider: 'cpu', order: ['cpu'], sizes: [512] });
    const error = oom();
    expect(cpu.runFailed(error)).toEqual({ name: 'failed', error });
  });

  it('refuses a report the state does not expect', () => {
    const f = start();
    expect(() => f.tilesStarted()).toThrow(/expected state startTiles, is fullFrame/);
    expect(() => f.providerStarted('cpu')).toThrow(/expected state nextProvider/);
    f.runFailed(oom());
    expect(() => f.runFailed(oom())).toThrow(/expected state fullFrame or tiled, is startTiles/);
  });

  it('starts a large frame in tiles on every provider, and renders it whole where the tile model does not start', () => {
    const large = () =>
      createProviderFallback({
        provider: 'webgpu',
        order: ['webgpu', 'cpu'],
        sizes: [1024, 512],
        frame: { width: 8192, height: 8192 },
        largeFrameTile: 1024,
      });
    const f = large();
    expect(f.state()).toEqual({ name: 'startTiles', tile: 1024, large: true });
    expect(f.tilesStarted()).toEqual({ name: 'tiled', tile: 1024 });
    expect(f.note()).toBe('a large frame (8192×8192): rendered in 1024-px tiles on webgpu');
    expect(f.runFailed(oom('tile'))).toEqual({ name: 'startTiles', tile: 512 });

    const g = large();
    expect(g.tilesFailed('no tile model here')).toEqual({ name: 'fullFrame' });
    g.runFailed(oom());
    expect(g.tilesFailed('still none')).toMatchObject({ name: 'nextProvider', providers: ['cpu'] });
    expect(g.providerStarted('cpu')).toEqual({ name: 'startTiles', tile: 1024, large: true });
  });
});
