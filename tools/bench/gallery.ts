import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStudio } from '../../src/app/index.ts';
import { createOutputsService } from '../../src/app/outputsService.ts';
import type { ProvenanceKit } from '../../src/app/provenanceKit.ts';
import { type Benchmark, median, round } from './types.ts';

/** Output rows measured; TWIN_BENCH_GALLERY_SIZES="1000,10000" picks fewer. */
const SIZES = (process.env.TWIN_BENCH_GALLERY_SIZES ?? '1000,10000,100000').split(',').map(Number);
const PAGE = 60;
const START = Date.parse('2025-11-23T10:00:00Z');

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

async function timed<T>(run: () => Promise<T>, times: number): Promise<{ ms: number; last: T }> {
  const samples: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    last = await run();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), last: last as T };
}

/**
 * The gallery at 1k, 10k and 100k outputs: rows inserted straight into a workspace's database (a year of renders,
 * no pixels), then `outputs.page` as the UI calls it (views, twin names, thumbnail look-up) for the first page and
 * for the last page reached by walking every cursor. The floor is the bare indexed query of one page (the least any
 * page can cost) in the same run: `ratio` = first page / floor. `rssGrowthMb` is how far the RSS rose while walking
 * every page (flat: the walk keeps one page at a time); `listAllMs` is the unpaged `outputs.list` for contrast.
 */
export const galleryBenchmark: Benchmark = {
  name: 'gallery',
  async *run({ iterations, log }) {
    const times = Math.max(iterations, 11);
    for (const n of SIZES) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-gallery-'));
      const studio = openStudio(path.join(dir, 'ws'), {
        now: () => new Date(START + 366 * 86_400_000),
        env: { TWIN_STUDIO_USER: 'bench' },
      });
      try {
        log(`gallery: inserting ${n} output rows`);
        const insert = studio.ws.db.prepare(
          `INSERT INTO outputs (output_id, shot_id, file, format, width, height, sha256, twin_id, licence_id,
             scene_id, pose_id, provider, created_at, state, rating)
           VALUES (?, ?, ?, 'png', 1024, 1536, ?, 'twin-a', 'lic-a', ?, ?, 'cpu', ?, ?, ?)`,
        );
        studio.ws.db.transaction(() => {
          for (let i = 0; i < n; i++) {
            const shot = `shot-${i % 500}`;
            insert.run(
              `out-${String(i).padStart(7, '0')}`,
              shot,
              `outputs/${shot}/out-${i}.png`,
              'a'.repeat(64),
              `scene-${i % 12}`,
              i % 3 ? 'front' : 'side',
              new Date(START + Math.floor((i * 366 * 86_400_000) / n)).toISOString(),
              i % 7 === 0 ? 'approved' : 'generated',
              // About 1 % picks with five stars, the rest 0–3: the rating filter's sparse case.
              i % 97 === 0 ? 5 : i % 4,
            );
          }
        })();
        // Verify is not measured: the service needs no provenance kit for pages.
        const service = createOutputsService({
          studio,
          provenance: {} as Pick<ProvenanceKit, 'watermarker' | 'labels'>,
        });
        const floorQuery = studio.ws.db.prepare('SELECT * FROM outputs ORDER BY created_at DESC, rowid DESC LIMIT ?');
        const floor = await timed(async () => floorQuery.all(PAGE + 1), times);
        const first = await timed(() => service.page({ limit: PAGE }), times);
        if (first.last.items.length !== Math.min(PAGE, n)) throw new Error('the first page came back short');
        const filtered = await timed(() => service.page({ limit: PAGE, sceneId: 'scene-5', state: 'approved' }), times);
        const rated = await timed(() => service.page({ limit: PAGE, minRating: 5 }), times);

        log(`gallery: walking every page of ${n}`);
        const rssBefore = process.memoryUsage().rss;
        let rssMax = rssBefore;
        let cursor: string | null = first.last.nextCursor;
        let lastCursor: string | null = null;
        let pages = 1;
        let seen = first.last.items.length;
        const walk0 = performance.now();
        while (cursor) {
          const page = await service.page({ limit: PAGE, cursor });
          lastCursor = cursor;
          cursor = page.nextCursor;
          seen += page.items.length;
          pages++;
          if (pages % 50 === 0) rssMax = Math.max(rssMax, process.memoryUsage().rss);
        }
        const walkMs = performance.now() - walk0;
        rssMax = Math.max(rssMax, process.memoryUsage().rss);
        if (seen !== n) throw new Error(`walked ${seen} outputs of ${n}`);
        const deep = lastCursor
          ? await timed(() => service.page({ limit: PAGE, cursor: lastCursor as string }), times)
          : first;

        log(`gallery: the unpaged list of ${n}`);
        const listAll = await timed(() => service.list({}), 1);
        yield {
          outputs: n,
          pageSize: PAGE,
          floorMs: round(floor.ms, 3),
          firstPageMs: round(first.ms, 3),
          deepPageMs: round(deep.ms, 3),
          filteredPageMs: round(filtered.ms, 3),
          fiveStarPageMs: round(rated.ms, 3),
          ratio: round(first.ms / floor.ms, 2),
          deepRatio: round(deep.ms / floor.ms, 2),
          pages,
          walkMsPerPage: round(walkMs / pages, 3),
          rssMb: mb(rssBefore),
          rssGrowthMb: mb(rssMax - rssBefore),
          listAllMs: round(listAll.ms, 1),
          listAllItems: listAll.last.length,
        };
      } finally {
        studio.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  },
};
