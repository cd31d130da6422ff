import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Page } from '@playwright/test';
import { type Benchmark, median, round } from './types.ts';

/** Outputs in the workspace the gallery opens on: the floor first, then the large case. */
const SIZES = (process.env.TWIN_BENCH_GALLERY_UI_SIZES ?? '1000,100000').split(',').map(Number);
const FIXTURE = path.resolve(import.meta.dirname, '../../tests/e2e/serveGalleryFixture.ts');
/** Scrolling measured: this many frames, moving the grid this far each frame (3 600 px/s: a brisk scroll). */
const FRAMES = 240;
const STEP_PX = 60;

type Shown = { complete?: boolean; naturalWidth?: number; getBoundingClientRect?(): { top: number } };

/** The few browser globals the measurements use (this file is type-checked without the DOM library). */
interface Browser {
  document: {
    querySelectorAll(selector: string): ArrayLike<Shown> & Iterable<Shown>;
    querySelector(selector: string): unknown;
  };
  innerHeight: number;
  performance: { now(): number };
  requestAnimationFrame(callback: (now: number) => void): number;
}

async function serve(extra: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [FIXTURE, '--extra', String(extra)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const got: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    got.push(line);
    if (got.length === 2) break;
  }
  const first = got[0] ?? '';
  if (!first.startsWith('Twin Studio is running at ')) throw new Error(`the gallery fixture said: ${got.join(' | ')}`);
  return { url: first.slice('Twin Studio is running at '.length), stop: () => void child.kill('SIGTERM') };
}

/** From the click on Outputs to the thumbnails on screen decoded. */
async function openMs(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.getByTestId('view-compose').waitFor();
  const t0 = Date.now();
  await page.getByTestId('view-outputs').click();
  await page.waitForFunction(() => {
    const { document, innerHeight } = globalThis as unknown as Browser;
    const imgs = [...document.querySelectorAll('.gallery-item img')];
    // Thumbnails load lazily: those on screen are what the user waits for.
    const shown = imgs.filter((i) => (i.getBoundingClientRect?.().top ?? Infinity) < innerHeight);
    return imgs.length >= 60 && shown.length > 0 && shown.every((i) => i.complete && (i.naturalWidth ?? 0) > 0);
  });
  return Date.now() - t0;
}

/** Frame intervals (ms) while the grid scrolls STEP_PX a frame, pages loading as the end nears. */
function scrollFrames(page: Page): Promise<{ intervals: number[]; loaded: number }> {
  return page.evaluate(
    ({ frames, step }) =>
      new Promise<{ intervals: number[]; loaded: number }>((resolve) => {
        const { document, performance, requestAnimationFrame } = globalThis as unknown as Browser;
        const el = document.querySelector('[data-testid="outputs"]') as { scrollTop: number };
        const intervals: number[] = [];
        let last = performance.now();
        const tick = (now: number) => {
          intervals.push(now - last);
          last = now;
          el.scrollTop += step;
          if (intervals.length < frames) requestAnimationFrame(tick);
          else resolve({ intervals: intervals.slice(1), loaded: document.querySelectorAll('.gallery-item').length });
        };
        requestAnimationFrame(tick);
      }),
    { frames: FRAMES, step: STEP_PX },
  );
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] as number;

/**
 * The gallery in Chromium (browser mode, `npm run build` first) over a workspace of 1 000 and of 100 000 outputs
 * (`TWIN_BENCH_GALLERY_UI_SIZES`): the time from the click on Outputs to the first page's thumbnails shown, and the
 * frame intervals while the grid scrolls fast through pages. The first size is the floor, in the same run:
 * `ratio` = open time at this size / open time at the floor; `frameP95Ms` should stay near 16.7 (60 fps).
 * `floorFrameP95Ms` is the same scroll again over the pages already loaded, and `frameRatio` the first over it.
 */
export const galleryUiBenchmark: Benchmark = {
  name: 'gallery-ui',
  async *run({ iterations, log }) {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      let floorOpenMs: number | undefined;
      for (const n of SIZES) {
        log(`gallery-ui: serving ${n} outputs`);
        const studio = await serve(Math.max(0, n - 3));
        try {
          const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
          const opens: number[] = [];
          // The first open also makes the first page's thumbnails (outputs from before thumbnails): reported alone.
          const coldOpenMs = await openMs(page, studio.url);
          for (let i = 0; i < Math.min(iterations, 5); i++) opens.push(await openMs(page, studio.url));
          const scroll = await scrollFrames(page);
          // The floor for frames: the same scroll again over the pages now loaded (no page arrives meanwhile).
          await page
            .getByTestId('outputs')
            .evaluate((el) => void ((el as unknown as { scrollTop: number }).scrollTop = 0));
          await page.waitForTimeout(500);
          const again = await scrollFrames(page);
          await page.close();
          const open = median(opens);
          floorOpenMs ??= open;
          yield {
            outputs: n,
            coldOpenMs,
            openMs: open,
            ratio: round(open / floorOpenMs, 2),
            frameP95Ms: round(p95(scroll.intervals), 1),
            frameMedianMs: round(median(scroll.intervals), 1),
            floorFrameP95Ms: round(p95(again.intervals), 1),
            frameRatio: round(p95(scroll.intervals) / p95(again.intervals), 2),
            itemsAfterScroll: scroll.loaded,
          };
        } finally {
          studio.stop();
        }
      }
    } finally {
      await browser.close();
    }
  },
};
