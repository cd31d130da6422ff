import { mkdirSync, writeFileSync } from 'node:fs';
import { fixtureClock } from '../helpers/clock.ts';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command.ts';
import {
  batchConcurrency,
  forEachBounded,
  providerNote,
  renderBatch,
  fallbackLines,
  type BatchJob,
} from '../../src/cli/commands/render.ts';
import type { ProviderAttempt } from '../../src/render/models.ts';
import type { RenderOutcome } from '../../src/render/shotRenderer.ts';
import type { Shot } from '../../src/shots/index.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { makeRenderWorkspace } from '../helpers/renderWorkspace.ts';

/** A renderer that takes a few ms per shot and counts how many shots it holds at once. */
function countingRenderer() {
  const seen = { inFlight: 0, max: 0, started: [] as string[] };
  const service: BatchJob['service'] = {
    async render(shot: Shot, options = {}) {
      seen.started.push(shot.shotId);
      seen.max = Math.max(seen.max, ++seen.inFlight);
      try {
        await sleep(2 + (seen.started.length % 5));
        const attempts: ProviderAttempt[] = [{ provider: 'cpu', ok: true }];
        return {
          file: options.target ?? '',
          result: { provider: 'cpu', attempts, tile: null, width: 8, height: 8 },
        } as unknown as RenderOutcome;
      } finally {
        seen.inFlight--;
      }
    },
  };
  return { seen, service };
}

describe('render --batch streams with bounded concurrency', () => {
  const tmp = tempDir('twin-batch-');
  const shotsDir = path.join(tmp.dir, 'shots');
  const total = 60;
  let shot: Shot;

  beforeAll(async () => {
    const fx = await makeRenderWorkspace(path.join(tmp.dir, 'fx'));
    shot = fx.shot;
    fx.ws.close();
    mkdirSync(shotsDir);
    for (let i = 0; i < total; i++)
      writeFileSync(
        path.join(shotsDir, `s${String(i).padStart(3, '0')}.json`),
        JSON.stringify({ ...shot, shotId: `shot-${i}` }),
      );
    writeFileSync(path.join(shotsDir, 'zz-broken.json'), '{ not json');
  });
  afterAll(() => tmp.cleanup());

  it(`never holds more than K shots at once, renders them all in order, and keeps progress and the failure summary`, async () => {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CommandContext = {
      args: [],
      flags: { json: true },
      io: { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, cwd: tmp.dir, now: fixtureClock },
    };
    const { seen, service } = countingRenderer();
    const K = batchConcurrency(2);
    const code = await renderBatch(ctx, {
      service,
      pattern: shotsDir,
      outDir: path.join(tmp.dir, 'out'),
      providers: ['cpu'],
      upscale: false,
      concurrency: K,
      workspaceDir: tmp.dir,
      said: () => {},
    });

    expect(K).toBe(3);
    expect(seen.max).toBe(K);
    expect(seen.started).toEqual(Array.from({ length: total }, (_, i) => `shot-${i}`));
    expect(code).toBe(1);
    const summary = JSON.parse(out[0]!) as {
      total: number;
      rendered: number;
      failures: { file: string; code: string }[];
    };
    expect(summary).toMatchObject({ total: total + 1, rendered: total });
    expect(summary.failures.map((f) => [path.basename(f.file), f.code])).toEqual([['zz-broken.json', 'SHOT_INVALID']]);
    expect(err).toHaveLength(total + 2);
    expect(err[0]).toMatch(/^\[-+\] 0\/61 /);
    expect(err.at(-1)).toMatch(/^\[#+\] 61\/61 .* ETA 0s/);
  });

  it('forEachBounded runs everything once with at most `limit` at a time, even with more lanes than items', async () => {
    for (const [n, limit] of [
      [10, 3],
      [2, 8],
      [0, 4],
      [5, 1],
    ] as const) {
      let inFlight = 0;
      let max = 0;
      const ran: number[] = [];
      await forEachBounded(
        Array.from({ length: n }, (_, i) => i),
        limit,
        async (i) => {
          max = Math.max(max, ++inFlight);
          await sleep(1);
          ran.push(i);
          inFlight--;
        },
      );
      expect(ran.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(max).toBe(Math.min(n, limit));
    }
  });
});

describe('provider lines on a machine without GPU libraries', () => {
  const attempts: ProviderAttempt[] = [
    { provider: 'cuda', ok: false, reason: 'the CUDA libraries are not installed', notInstalled: true },
    {
      provider: 'webgpu',
      ok: false,
      reason: 'the Vulkan loader (libvulkan.so.1) is not installed',
      notInstalled: true,
    },
    { provider: 'cpu', ok: true },
  ];

  it('says one quiet line, and every reason only with --verbose or for the provider asked for', () => {
    expect(fallbackLines(attempts, 'cpu')).toEqual([]);
    expect(providerNote(attempts, 'cpu')).toMatch(
      /^rendered on the CPU: no GPU provider is installed here \(cuda, webgpu\); 'twin-studio doctor'/,
    );
    expect(fallbackLines(attempts, 'cpu', { verbose: true })).toHaveLength(2);
    expect(providerNote(attempts, 'cpu', { verbose: true })).toBeUndefined();
    expect(fallbackLines(attempts, 'cpu', { asked: 'webgpu' })).toEqual([
      'provider webgpu not tried (the Vulkan loader (libvulkan.so.1) is not installed); rendered on cpu',
    ]);
  });

  it('a provider that was tried and failed is still said, and nothing is said when a GPU ran', () => {
    const tried: ProviderAttempt[] = [
      { provider: 'webgpu', ok: false, reason: 'No supported adapters' },
      { provider: 'cpu', ok: true },
    ];
    expect(fallbackLines(tried, 'cpu')).toEqual([
      'provider webgpu did not run (No supported adapters); fell back, rendered on cpu',
    ]);
    expect(providerNote([{ ...attempts[0]! }, { provider: 'webgpu', ok: true }], 'webgpu')).toBeUndefined();
  });
});
