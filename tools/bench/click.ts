import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { screenSizeShot } from '../../src/app/proofs.ts';
import { createStudioRuntime } from '../../src/app/runtime.ts';
import type { Shot, StudioEvent } from '../../src/contract/index.ts';
import { createRenderPool, defaultModelsDir } from '../../src/render/index.ts';
import { startStudioServer } from '../../src/server/index.ts';
import { createWorkspace } from '../../src/workspace/index.ts';
import { runningFixtureClock } from '../../tests/helpers/clock.ts';
import { trustFixture, writeFixtureSources } from '../../tests/helpers/studioFixture.ts';
import { type Benchmark, benchProvider, median, round } from './types.ts';

const SIZE = { width: 1024, height: 1536 };

/** The studio server's API and event stream, as the browser uses them (token header, JSON in and out, SSE). */
function client(url: string) {
  const u = new URL(url);
  const token = u.searchParams.get('token') ?? '';
  const headers = { 'content-type': 'application/json', 'x-studio-token': token };
  return {
    async call<T>(method: string, input: unknown): Promise<T> {
      const res = await fetch(`${u.origin}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
      const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
      return body.value as T;
    },
    async file(rel: string): Promise<number> {
      const res = await fetch(`${u.origin}/files/${rel}`, { headers });
      return (await res.arrayBuffer()).byteLength;
    },
    /** Events as they arrive; `stop` ends the stream. */
    async events(onEvent: (e: StudioEvent) => void): Promise<() => void> {
      const controller = new AbortController();
      const res = await fetch(`${u.origin}/api/events`, { headers, signal: controller.signal });
      const reader = res.body!.getReader();
      void (async () => {
        let text = '';
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            text += Buffer.from(value).toString('utf8');
            let at: number;
            while ((at = text.indexOf('\n\n')) >= 0) {
              const chunk = text.slice(0, at);
              text = text.slice(at + 2);
              if (chunk.startsWith('data: ')) onEvent(JSON.parse(chunk.slice(6)) as StudioEvent);
            }
          }
        } catch {
          // aborted
        }
      })();
      return () => controller.abort();
    },
  };
}

/**
 * Click → image: from `render.enqueue` on the studio server (the Render button's call) to the finished image's bytes
 * fetched from `/files/` after its `output.added` event, warm, at 1024×1536, on the real server, queue, worker pool,
 * stamp and ledger. The floor, in the same run: the raw render of the same shot in a pool of its own (no gate,
 * queue, stamp, commit, events or transfer). `ratio` = click / floor; target: click ≤ 600 ms. A second line: a proof
 * (`render.proof`, screen size, then its bytes) against the raw render of the screen-size shot; target ≤ 1 s.
 */
export const clickBenchmark: Benchmark = {
  name: 'click',
  async *run({ iterations, log }) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-click-'));
    const now = runningFixtureClock();
    const src = await writeFixtureSources(path.join(dir, 'incoming'));
    const wsDir = path.join(dir, 'workspace');
    const ws = createWorkspace(wsDir, now);
    trustFixture(ws, src);
    await ws.twins.import(src.packDir);
    await ws.licences.import(JSON.parse(readFileSync(src.licences.valid, 'utf8')));
    for (const g of src.garments) await ws.catalog.importGarment(g);
    await ws.catalog.importScene(src.scenes[0]!);
    ws.close();
    const runtime = await createStudioRuntime(wsDir, { now, env: { ...process.env, TWIN_STUDIO_USER: 'bench' } });
    const server = await startStudioServer({ workspaceDir: wsDir, now, runtime, rendererDir: dir, port: 0 });
    const pool = createRenderPool({ modelsDir: defaultModelsDir(), size: 1, now });
    try {
      const api = client(server.url);
      const sceneId = (await api.call<{ sceneId: string }[]>('catalog.scenes', {}))[0]!.sceneId;
      const created = await api.call<Shot>('shots.create', {
        name: 'Bench',
        sceneId,
        twinId: 'tw_ada',
        poseId: 'front',
        licenceId: 'lic_ada_2026',
      });
      const k = SIZE.width / created.output.width;
      const t = created.twin.transform;
      const shot = await api.call<Shot>('shots.save', {
        shot: {
          ...created,
          garments: [{ garmentId: 'tee-coral', z: 1, fit: 'tps', hidden: false }],
          output: SIZE,
          twin: { ...created.twin, transform: { ...t, x: t.x * k, y: t.y * k, scale: t.scale * k } },
        },
      });
      const waiting = new Map<string, (file: string) => void>();
      const stop = await api.events((e) => {
        if (e.type === 'output.added' && e.output.jobId) waiting.get(e.output.jobId)?.(e.output.file);
      });
      const click = async (): Promise<number> => {
        const t0 = performance.now();
        const [job] = await api.call<{ jobId: string }[]>('render.enqueue', { shotId: shot.shotId });
        const file = await new Promise<string>((resolve) => waiting.set(job!.jobId, resolve));
        await api.file(file);
        return performance.now() - t0;
      };
      const raw = async (what: Shot = shot): Promise<number> => {
        const t0 = performance.now();
        await pool.run({ workspaceDir: wsDir, shot: what, providers: [benchProvider()] });
        return performance.now() - t0;
      };
      const proof = async (): Promise<number> => {
        const t0 = performance.now();
        const made = await api.call<{ file: string }>('render.proof', { shotId: shot.shotId });
        await api.file(made.file);
        return performance.now() - t0;
      };
      log('click: warming up (workers, sessions)');
      await click();
      await raw();
      const clicks: number[] = [];
      const floors: number[] = [];
      for (let i = 0; i < iterations; i++) {
        floors.push(await raw());
        clicks.push(await click());
      }
      const proofs: number[] = [];
      const proofFloors: number[] = [];
      await proof();
      for (let i = 0; i < iterations; i++) {
        proofFloors.push(await raw(screenSizeShot(shot)));
        proofs.push(await proof());
      }
      stop();
      const clickMs = median(clicks);
      const floorMs = median(floors);
      yield {
        case: 'render',
        size: `${SIZE.width}x${SIZE.height}`,
        runs: iterations,
        clickMs: round(clickMs),
        clickMinMs: round(Math.min(...clicks)),
        floorMs: round(floorMs),
        ratio: round(clickMs / floorMs, 2),
        target: 600,
        ok: clickMs <= 600,
      };
      const proofMs = median(proofs);
      const proofFloorMs = median(proofFloors);
      yield {
        case: 'proof',
        size: `${screenSizeShot(shot).output.width}x${screenSizeShot(shot).output.height}`,
        runs: iterations,
        proofMs: round(proofMs),
        proofMinMs: round(Math.min(...proofs)),
        floorMs: round(proofFloorMs),
        ratio: round(proofMs / proofFloorMs, 2),
        target: 1000,
        ok: proofMs <= 1000,
      };
    } finally {
      await pool.terminate();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
