import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { systemClock } from '../../src/clock/index.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio } from '../../src/app/index.ts';
import { createStudioRuntime } from '../../src/app/runtime.ts';
import { sha256Hex } from '../../src/crypto/index.ts';
import { runCliProcess } from '../helpers/cliProcess.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { makeRenderWorkspace } from '../helpers/renderWorkspace.ts';

const DAY = 86_400_000;
const CLI_RENDERS = 6;
const STUDIO_JOBS = 3;
// Fewer images than renders: the last to commit are refused by the quota rule, which must write nothing.
const MAX_IMAGES = 7;

const leftovers = (dir: string): string[] => {
  if (!existsSync(dir)) return [];
  const debris = (f: string) => f.endsWith('.partial') || f.endsWith('.lock');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(debris);
};

describe('renders at once into one workspace', () => {
  let tmp: ReturnType<typeof tempDir>;
  let wsDir: string;

  beforeAll(async () => {
    tmp = tempDir('twin-concurrent-');
    // The CLI children read the real clock, so the fixture is made relative to it.
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
    const licence = { maxImages: MAX_IMAGES, issuedAt: at(-1), validFrom: at(-1), validUntil: at(30) };
    const fx = await makeRenderWorkspace(tmp.dir, { now: () => now, licence });
    wsDir = fx.ws.dir;
    fx.ws.close();
  });
  afterAll(() => tmp.cleanup());

  it(`${CLI_RENDERS} CLI processes and ${STUDIO_JOBS} studio jobs: each lands or meets the quota`, async () => {
    const runtime = await createStudioRuntime(wsDir, {
      now: systemClock,
      env: { TWIN_STUDIO_USER: 'studio' },
      poolSize: 2,
    });
    const targets = Array.from({ length: CLI_RENDERS }, (_, i) =>
      // Half inside the workspace, half outside it.
      i % 2 === 0 ? path.join(wsDir, 'outputs', 'cli', `c${i}.png`) : path.join(tmp.dir, 'out', `c${i}.png`),
    );
    const children = targets.map((out) =>
      runCliProcess(['render', 'shot-render-1', '--out', out, '--provider', 'cpu', '--workspace', wsDir]),
    );
    const enqueue = () => runtime.services.render.enqueue({ shotId: 'shot-render-1' });
    const jobs = await Promise.all(Array.from({ length: STUDIO_JOBS }, enqueue));
    const results = await Promise.all(children);
    await runtime.services.render.idle();
    const finished = await runtime.services.render.jobs();
    await runtime.close();

    const outcomes = [
      ...results.map((r) => (r.code === 0 ? 'landed' : (/^([A-Z_]+):/m.exec(r.stderr)?.[1] ?? `exit ${r.code}`))),
      ...finished.map((j) => (j.state === 'done' ? 'landed' : (j.error?.code ?? j.state))),
    ];
    expect(jobs.flat()).toHaveLength(STUDIO_JOBS);
    for (const r of results) expect(r.stderr).not.toMatch(/locked|busy|INCOMPLETE/i);
    const refusals = CLI_RENDERS + STUDIO_JOBS - MAX_IMAGES;
    expect(outcomes.filter((o) => o !== 'landed')).toEqual(Array(refusals).fill('QUOTA_EXHAUSTED'));

    const studio = openStudio(wsDir, { now: systemClock, env: { TWIN_STUDIO_USER: 'check' } });
    try {
      expect(studio.recovery).toEqual({ completed: [], discarded: [], conflicts: [], missing: [], released: [] });
      expect(studio.ledger.verifyChain()).toMatchObject({ ok: true, count: MAX_IMAGES });
      const outputs = studio.outputs.list();
      expect(outputs).toHaveLength(MAX_IMAGES);
      for (const o of outputs) {
        expect(sha256Hex(readFileSync(o.file))).toBe(studio.ledger.get(o.outputId)?.outputSha256);
      }
      const refused = targets.filter((_, i) => results[i]?.code !== 0);
      for (const file of refused) expect(existsSync(file)).toBe(false);
      expect(studio.ledger.openReservations()).toEqual([]);
      expect(studio.commits.pending()).toEqual([]);
    } finally {
      studio.close();
    }
    expect([...leftovers(wsDir), ...leftovers(path.join(tmp.dir, 'out'))]).toEqual([]);
  }, 150_000);
});
