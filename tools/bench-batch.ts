/**
 * `render --batch` memory: one process renders BENCH_SHOTS shots (BENCH_SIZE, default 256x384) through the real CLI command
 * (policy gate, render pool, stamping, usage records) and prints its peak RSS as one JSON line. Run once per
 * batch size (tools/bench/batch.ts does 50 and 500), each in a fresh process, so each peak is its own.
 *
 *   BENCH_SHOTS=500 npx node tools/bench-batch.ts
 *   BENCH_SHOTS=40 BENCH_SIZE=1024x1536 npx node tools/bench-batch.ts
 */
import { systemClock } from '../src/clock/index.ts';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCommands } from '../src/cli/main.ts';
import { runCli } from '../src/cli/run.ts';
import { makeLicence } from '../tests/helpers/fixtures.ts';
import { makeRenderWorkspace } from '../tests/helpers/renderWorkspace.ts';

const SHOTS = Number(process.env.BENCH_SHOTS ?? 50);
/** Output size: 256x384 by default (poses scaled to match, 128×192 per 256 px of width). */
const [WIDTH, HEIGHT] = (process.env.BENCH_SIZE ?? '256x384').split('x').map(Number) as [number, number];
const DAY = 24 * 3600 * 1000;

const root = path.join(os.tmpdir(), `twin-bench-batch-${process.pid}`);
try {
  // The CLI reads the wall clock: the workspace and the bench licence are made relative to it.
  const now = new Date();
  const fx = await makeRenderWorkspace(root, {
    now: () => now,
    output: { width: WIDTH, height: HEIGHT },
    poseScale: Math.max(1, Math.round(WIDTH / 256)),
  });
  const pack = await fx.ws.twins.load(fx.shot.twin.twinId);
  const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
  await fx.ws.licences.import(
    makeLicence(fx.fx.registryKey, pack.manifest, {
      licenceId: 'lic-bench',
      validFrom: iso(-DAY),
      validUntil: iso(30 * DAY),
      issuedAt: iso(-DAY),
      maxImages: SHOTS + 10,
    }),
  );
  const wsDir = fx.ws.dir;
  fx.ws.close();
  const shots = path.join(root, 'shots');
  mkdirSync(shots);
  for (let i = 0; i < SHOTS; i++) {
    const shot = { ...fx.shot, shotId: `bench-${i}`, twin: { ...fx.shot.twin, licenceId: 'lic-bench' } };
    writeFileSync(path.join(shots, `${String(i).padStart(4, '0')}.json`), JSON.stringify(shot));
  }
  const baseline = process.memoryUsage().rss;
  let last = '';
  const started = performance.now();
  const code = await runCli(
    createCommands(),
    ['render', '--batch', shots, '--out', path.join(root, 'out'), '--workspace', wsDir, '--provider', 'cpu', '--json'],
    {
      out: (line) => (last = line),
      err: (line) => process.stderr.write(`\r${line.slice(0, 100)}`),
      now: systemClock,
      env: { ...process.env, TWIN_STUDIO_USER: 'bench' },
      cwd: root,
    },
  );
  const ms = performance.now() - started;
  process.stderr.write('\n');
  const summary = JSON.parse(last) as { rendered: number; failed: number; failures: { code: string }[] };
  if (code !== 0) throw new Error(`render --batch exited ${code}: ${JSON.stringify(summary.failures.slice(0, 3))}`);
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  const line = {
    shots: SHOTS,
    size: `${WIDTH}x${HEIGHT}`,
    rendered: summary.rendered,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    rssBeforeBatchMiB: mib(baseline),
    msPerShot: Math.round(ms / SHOTS),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
