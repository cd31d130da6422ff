import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderPool, type RenderPool } from '../../src/render/jobs/index.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { makeRenderWorkspace, type RenderWorkspace } from '../helpers/renderWorkspace.ts';
import { fixtureClock } from '../helpers/clock.ts';

// Electron runs the CJS bundle, where the pool cannot start src/render/jobs/worker.ts: its own bundled
// worker (dist/electron/renderWorker.cjs) must render the same way.
const root = path.resolve(import.meta.dirname, '../..');
const bundled = path.join(root, 'dist/electron/renderWorker.cjs');

describe('the bundled render worker', () => {
  const tmp = tempDir('twin-bundle-worker-');
  let fx: RenderWorkspace;
  let pool: RenderPool;

  beforeAll(async () => {
    if (!existsSync(bundled)) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
    }
    fx = await makeRenderWorkspace(tmp.dir, { output: { width: 200, height: 300 } });
    pool = createRenderPool({
      modelsDir: path.join(root, 'models'),
      size: 1,
      now: fixtureClock,
      providers: ['cpu'],
      workerUrl: pathToFileURL(bundled),
    });
  }, 120_000);
  afterAll(async () => {
    await pool?.terminate();
    fx?.ws.close();
    tmp.cleanup();
  });

  it('renders a shot from the CJS bundle, stage by stage', async () => {
    const stages: string[] = [];
    const result = await pool.run(
      { workspaceDir: fx.ws.dir, shot: fx.shot },
      { onStage: (e) => e.ms === undefined && stages.push(e.stage) },
    );
    expect(stages).toEqual(['session', 'fit', 'composite', 'pixels']);
    expect(result.provider).toBe('cpu');
    expect([result.width, result.height]).toEqual([200, 300]);
    expect(result.rgba.length).toBe(200 * 300 * 4);
    // Not a blank frame: the scene and the twin both left pixels.
    expect(new Set(result.rgba.filter((_, i) => i % 4 === 0)).size).toBeGreaterThan(20);
  }, 30_000);
});
