// A process that stops its render pool while a worker is inside onnxruntime's synchronous inference (a 4 MP frame
// in one run, about half a second here): `cancel` cancels that job past its grace and renders again; `shutdown`
// terminates the pool. The test reads its exit code: a worker torn out of a native call aborts the whole process.
import path from 'node:path';
import { createRenderPool } from '../../src/render/jobs/index.ts';
import { fixtureClock } from './clock.ts';
import { tempDir } from './fixtures.ts';
import { makeRenderWorkspace } from './renderWorkspace.ts';

const mode = process.argv[2];
/** Into the composite's single run: the worker is in native code by then (the run takes ~500 ms on 2 cores). */
const STOP_AFTER_MS = 20;
const tmp = tempDir('twin-pool-stop-');
const fx = await makeRenderWorkspace(tmp.dir, { output: { width: 2048, height: 2048 } });
const pool = createRenderPool({
  modelsDir: path.resolve('models'),
  size: 1,
  now: fixtureClock,
  cancelGraceMs: STOP_AFTER_MS,
});
const controller = new AbortController();
const task = { workspaceDir: fx.ws.dir, shot: fx.shot };
let stopping: Promise<void> | undefined;
const run = pool.run(task, {
  signal: controller.signal,
  // The worker posts this as it enters the stage, then blocks in session.run.
  onStage: (e) => {
    if (e.stage !== 'composite' || e.ms !== undefined) return;
    if (mode === 'cancel') controller.abort();
    else setTimeout(() => (stopping = pool.terminate()), STOP_AFTER_MS);
  },
});
const outcome = await run.then(
  () => 'rendered',
  (e: { code?: string }) => e.code ?? 'error',
);
process.stdout.write(`first ${outcome}\n`);
if (mode === 'cancel') {
  const again = await pool.run(task);
  process.stdout.write(`again ${again.width}x${again.height}\n`);
  await pool.terminate();
} else await stopping;
fx.ws.close();
tmp.cleanup();
process.stdout.write('stopped\n');
