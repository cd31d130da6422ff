import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderPool, createRenderQueue, type QueueEvents, type RenderPool } from '../../src/render/jobs/index.ts';
import { createSessionCache } from '../../src/render/models.ts';
import { prepareShot, renderShot } from '../../src/render/pipeline/index.ts';
import { createShotRenderer } from '../../src/render/shotRenderer.ts';
import { writePlainPngForTests } from '../helpers/plainOutput.ts';
import { openDatabase } from '../../src/storage/index.ts';
import { createWorkspace } from '../../src/workspace/index.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { makeRenderWorkspace, type RenderWorkspace } from '../helpers/renderWorkspace.ts';
import { fixtureClock } from '../helpers/clock.ts';

const MODELS = path.resolve('models');
const noUsage = { imagesUsed: () => 0, checkIntegrity: () => ({ ok: true }) as const };

describe('render jobs', () => {
  let tmp: ReturnType<typeof tempDir>;
  let fx: RenderWorkspace;
  let pool: RenderPool;

  beforeAll(async () => {
    tmp = tempDir('twin-jobs-');
    fx = await makeRenderWorkspace(tmp.dir);
    pool = createRenderPool({ modelsDir: MODELS, size: 1, now: fixtureClock, cancelGraceMs: 300 });
  });
  afterAll(async () => {
    await pool.terminate();
    fx.ws.close();
    tmp.cleanup();
  });

  it('renders a queued shot in a worker, reports stages and the provider fallback, and writes the PNG', async () => {
    const service = createShotRenderer({
      ws: fx.ws,
      pool,
      usageCounter: noUsage,
      output: writePlainPngForTests,
      providers: ['cuda', 'cpu'],
    });
    const queue = createRenderQueue({ db: fx.ws.db, now: fixtureClock, runJob: service.runJob });
    const stages: QueueEvents['stage'][] = [];
    const providers: QueueEvents['provider'][] = [];
    queue.events.on('stage', (e) => stages.push(e));
    queue.events.on('provider', (e) => providers.push(e));
    const job = queue.enqueue(fx.shot);
    queue.start();
    await queue.idle();
    const done = queue.get(job.jobId)!;
    expect(done).toMatchObject({ state: 'done', progress: 1, provider: 'cpu', shotId: 'shot-render-1' });
    expect(done.attempts[0]).toMatchObject({ provider: 'cuda', ok: false });
    expect(providers).toEqual([
      { jobId: job.jobId, provider: 'cpu', fallbacks: [{ provider: 'cuda', reason: expect.any(String) }] },
    ]);
    expect(stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['session', 'fit', 'composite', 'pixels']));
    expect(stages.at(-1)!.progress).toBe(1);
    const meta = await sharp(done.outputPath!).metadata();
    expect([meta.width, meta.height]).toEqual([256, 384]);
    await queue.stop();
  });

  it('a render that fails in the pool abandons its pending output (the product gives its usage id back)', async () => {
    const events: string[] = [];
    const died = async () => Promise.reject(new Error('worker died'));
    const failing: RenderPool = { size: 1, run: died, terminate: async () => {} };
    const write = async () => (events.push('write'), { file: 'never' });
    const pending = { write, abandon: () => events.push('abandon') };
    const output = { begin: () => (events.push('begin'), pending) };
    const service = createShotRenderer({ ws: fx.ws, pool: failing, usageCounter: noUsage, output });
    await expect(service.render(fx.shot)).rejects.toThrow('worker died');
    expect(events).toEqual(['begin', 'abandon']);
  });

  it('refuses a shot the policy gate refuses: nothing rendered, nothing written, the job failed with the code', async () => {
    const later = createWorkspace(fx.ws.dir, () => new Date('2027-07-01T00:00:00Z'));
    let runs = 0;
    const spy: RenderPool = { size: 1, run: (...args) => (runs++, pool.run(...args)), terminate: async () => {} };
    const service = createShotRenderer({ ws: later, pool: spy, usageCounter: noUsage, output: writePlainPngForTests });
    const queue = createRenderQueue({ db: later.db, now: fixtureClock, runJob: service.runJob });
    const before = readdirSync(later.layout.outputs).length;
    const job = queue.enqueue({ ...fx.shot, shotId: 'shot-expired' });
    queue.start();
    await queue.idle();
    const failed = queue.get(job.jobId)!;
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toMatch(/^LICENCE_/);
    expect(runs).toBe(0);
    expect(readdirSync(later.layout.outputs).length).toBe(before);
    expect(existsSync(path.join(later.layout.outputs, 'shot-expired.png'))).toBe(false);
    later.close();
  });

  it('cancels a running job within a stage, and the worker pool keeps working', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const t0 = Date.now();
    await expect(
      pool.run(
        { workspaceDir: fx.ws.dir, shot: fx.shot },
        { signal: controller.signal, onStage: (e) => (seen.push(e.stage), e.stage === 'fit' && controller.abort()) },
      ),
    ).rejects.toMatchObject({ code: 'RENDER_CANCELLED' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(seen).not.toContain('pixels');
    const again = await pool.run({ workspaceDir: fx.ws.dir, shot: fx.shot });
    expect(again.width).toBe(256);
    // The worker (its own sessions, fewer threads) gives the same bytes as rendering in this thread.
    const sessions = createSessionCache({ modelsDir: MODELS });
    try {
      const here = await renderShot(await prepareShot(fx.ws, fx.shot), sessions);
      expect(again.provider).toBe(here.provider);
      expect(Buffer.from(again.rgba).equals(Buffer.from(here.rgba))).toBe(true);
    } finally {
      await sessions.release();
    }
  });

  it('terminates a worker stuck in a stage when cancelled, then replaces it', async () => {
    const stuck = createRenderPool({
      modelsDir: MODELS,
      size: 1,
      now: fixtureClock,
      cancelGraceMs: 100,
      workerUrl: new URL('../helpers/stuckWorker.ts', import.meta.url),
    });
    try {
      const controller = new AbortController();
      const run = stuck.run({ workspaceDir: fx.ws.dir, shot: fx.shot }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(run).rejects.toMatchObject({ code: 'RENDER_CANCELLED', details: { terminated: true } });
    } finally {
      await stuck.terminate();
    }
  });

  // onnxruntime-node runs a model load or an inference synchronously in the worker's thread; a worker terminated
  // there aborts the whole process ("terminate called after throwing an instance of 'Napi::Error'").
  for (const [mode, expected] of [
    ['cancel', ['first RENDER_CANCELLED', 'again 2048x2048', 'stopped']],
    ['shutdown', ['first RENDER_POOL_CLOSED', 'stopped']],
  ] as const)
    it(`a ${mode} that lands while the worker is inside onnxruntime leaves the process running`, async () => {
      const child = spawn(process.execPath, [path.resolve('tests/helpers/poolStopChild.ts'), mode], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const [code, signal] = await new Promise<[number | null, string | null]>((r) =>
        child.on('close', (c, s) => r([c, s])),
      );
      expect({ code, signal, out: out.trim().split('\n'), err }).toEqual({
        code: 0,
        signal: null,
        out: expected,
        err: '',
      });
    }, 60_000);

  it('cancels a queued job before it starts and retries a cancelled one', async () => {
    const queue = createRenderQueue({
      db: fx.ws.db,
      now: fixtureClock,
      runJob: async (job) => ({ outputPath: `/x/${job.shotId}`, provider: 'cpu', attempts: [] }),
    });
    const job = queue.enqueue({ shotId: 'queued-then-cancelled' });
    expect(queue.cancel(job.jobId).state).toBe('cancelled');
    expect(() => queue.cancel(job.jobId)).toThrow(expect.objectContaining({ code: 'JOB_NOT_CANCELLABLE' }));
    queue.retry(job.jobId);
    queue.start();
    await queue.idle();
    expect(queue.get(job.jobId)?.state).toBe('done');
  });

  it('resumes after a crash: a process killed mid-queue leaves finished jobs finished and the rest run once', async () => {
    const dbFile = path.join(tmp.dir, 'crash.db');
    const child = spawn(
      process.execPath,
      [path.resolve('tests/helpers/queueChild.ts'), dbFile, 'fast-1', 'fast-2', 'slow-3', 'fast-4'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('started slow-3')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => (code === null ? undefined : reject(new Error(`child exited ${code}: ${out}`))));
    });
    await new Promise((r) => child.on('close', r));
    const db = openDatabase(dbFile);
    try {
      const ran: string[] = [];
      const queue = createRenderQueue({
        db,
        now: fixtureClock,
        runJob: async (job) => (
          ran.push(job.shotId),
          { outputPath: `/again/${job.shotId}`, provider: 'cpu', attempts: [] }
        ),
      });
      expect(queue.list().map((j) => [j.shotId, j.state])).toEqual([
        ['fast-1', 'done'],
        ['fast-2', 'done'],
        ['slow-3', 'running'],
        ['fast-4', 'queued'],
      ]);
      queue.start();
      await queue.idle();
      expect(ran).toEqual(['slow-3', 'fast-4']);
      expect(queue.list().map((j) => [j.shotId, j.state, j.outputPath])).toEqual([
        ['fast-1', 'done', '/out/fast-1.png'],
        ['fast-2', 'done', '/out/fast-2.png'],
        ['slow-3', 'done', '/again/slow-3'],
        ['fast-4', 'done', '/again/fast-4'],
      ]);
    } finally {
      db.close();
    }
  });
});
