import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Page } from '@playwright/test';
import { type Benchmark, median, round } from './types.ts';

/** Outputs in the workspace the gallery opens on: the floor first, then the large case. */
const SIZES = (process.env.TWIN_BENCH_GALLERY_UI_SIZES ?? '1000,100000').split(',').map(Number);
const FIXTURE = path.resolve(import.meta.dirname, '../../tests/e2e/serveGalleryFixture.ts');
/** The wheel scroll measured: through this many cards (fewer where the workspace has fewer), this far a wheel step. */
const SCROLL_CARDS = Number(process.env.TWIN_BENCH_GALLERY_UI_SCROLL_CARDS ?? 3000);
const WHEEL_PX = 120;

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
  setTimeout(callback: () => void, ms: number): number;
  PerformanceObserver?: new (callback: (list: { getEntries(): unknown[] }) => void) => {
    observe(options: { type: string }): void;
    disconnect(): void;
  };
  /** What the frame recorder keeps between `page.evaluate` calls. */
  frameLog?: { intervals: number[]; long: number; on: boolean; stop?: () => void };
}
interface Scroller {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
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
    const grid = document.querySelector('[data-testid="gallery-grid"]') as { dataset: { loaded?: string } } | null;
    // The first page loaded (only its rows in view are in the DOM); thumbnails load lazily: those on screen are what
    // the user waits for.
    const shown = imgs.filter((i) => (i.getBoundingClientRect?.().top ?? Infinity) < innerHeight);
    const loaded = Number(grid?.dataset.loaded ?? 0);
    return loaded >= 60 && shown.length > 0 && shown.every((i) => i.complete && (i.naturalWidth ?? 0) > 0);
  });
  return Date.now() - t0;
}

/** Jumps the grid to its end until `want` cards are loaded or no page is left; returns the cards loaded. */
function loadCards(page: Page, want: number): Promise<number> {
  return page.evaluate(
    (want) =>
      new Promise<number>((resolve) => {
        const { document, setTimeout } = globalThis as unknown as Browser;
        const view = document.querySelector('[data-testid="outputs"]') as Scroller;
        const grid = document.querySelector('[data-testid="gallery-grid"]') as { dataset: { loaded?: string } };
        const end = document.querySelector('[data-testid="gallery-end"]') as { textContent: string | null };
        const step = () => {
          const loaded = Number(grid.dataset.loaded ?? 0);
          if (loaded >= want || !end.textContent) return resolve(loaded);
          view.scrollTop = view.scrollHeight;
          setTimeout(step, 30);
        };
        step();
      }),
    want,
  );
}

/**
 * Frame intervals (ms, from requestAnimationFrame) and long animation frames (over 50 ms, PerformanceObserver) while
 * the mouse wheel scrolls `selector` by `distance` px, one WHEEL_PX step a frame; and the cards in the DOM after it.
 */
async function wheelFrames(page: Page, selector: string, distance: number) {
  const box = await page.evaluate((selector) => {
    const { document, performance, requestAnimationFrame, PerformanceObserver } = globalThis as unknown as Browser;
    const log: NonNullable<Browser['frameLog']> = { intervals: [], long: 0, on: true };
    (globalThis as unknown as Browser).frameLog = log;
    let last = performance.now();
    const tick = (now: number) => {
      log.intervals.push(now - last);
      last = now;
      if (log.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    if (PerformanceObserver) {
      try {
        const observer = new PerformanceObserver((list) => (log.long += list.getEntries().length));
        observer.observe({ type: 'long-animation-frame' });
        log.stop = () => observer.disconnect();
      } catch {
        // A browser without long animation frames: the intervals alone.
      }
    }
    const r = (document.querySelector(selector) as Scroller).getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, selector);
  await page.mouse.move(box.x, box.y);
  for (let moved = 0; moved < distance; moved += WHEEL_PX) {
    await page.mouse.wheel(0, WHEEL_PX);
    await page.evaluate(
      () => new Promise<void>((done) => (globalThis as unknown as Browser).requestAnimationFrame(() => done())),
    );
  }
  return page.evaluate((selector) => {
    const { document, frameLog } = globalThis as unknown as Browser;
    const log = frameLog!;
    log.on = false;
    log.stop?.();
    return {
      intervals: log.intervals.slice(1),
      longFrames: log.long,
      cardsInDom: document.querySelectorAll('.gallery-item').length,
      scrolledPx: (document.querySelector(selector) as Scroller).scrollTop,
    };
  }, selector);
}

/** The gallery scrolled by the wheel through up to SCROLL_CARDS cards, then a blank page of the same height. */
async function scrollLine(page: Page) {
  const cards = await loadCards(page, SCROLL_CARDS);
  const view = page.getByTestId('outputs');
  const geometry = await view.evaluate((el) => {
    const v = el as unknown as Scroller;
    v.scrollTop = 0;
    const { document } = globalThis as unknown as Browser;
    const tops = [...document.querySelectorAll('.gallery-item')].map((c) => c.getBoundingClientRect!().top);
    const rows = [...new Set(tops)].sort((a, b) => a - b);
    return {
      height: v.scrollHeight,
      view: v.clientHeight,
      columns: tops.filter((t) => t === rows[0]).length,
      rowHeight: (rows[1] ?? 0) - (rows[0] ?? 0),
    };
  });
  await page.waitForTimeout(500);
  const wanted = Math.ceil(Math.min(cards, SCROLL_CARDS) / geometry.columns) * geometry.rowHeight;
  const distance = Math.min(geometry.height - geometry.view, wanted);
  const grid = await wheelFrames(page, '[data-testid="outputs"]', distance);
  // The same scroll with the thumbnails not painted (a rule added through the CSSOM: the page's CSP allows no inline
  // style): what the grid's own work (rows mounted, layout, text) costs, apart from the images' raster.
  await view.evaluate((el) => {
    (el as unknown as Scroller).scrollTop = 0;
    const sheets = (globalThis as unknown as { document: { styleSheets: { insertRule(rule: string): void }[] } })
      .document.styleSheets;
    sheets[0]?.insertRule('.gallery-item img { visibility: hidden }');
  });
  await page.waitForTimeout(500);
  const bare = await wheelFrames(page, '[data-testid="outputs"]', distance);
  // The floor: the same wheel scroll over a blank scroller of the same size, in the same browser.
  await page.setContent(
    `<div id="blank" style="height:${geometry.view}px;overflow-y:auto"><div style="height:${geometry.height}px"></div></div>`,
  );
  await page.waitForTimeout(500);
  const blank = await wheelFrames(page, '#blank', distance);
  const q = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * p)] as number;
  return {
    cards: Math.round(grid.scrolledPx / geometry.rowHeight) * geometry.columns,
    columns: geometry.columns,
    frames: grid.intervals.length,
    frameP95Ms: round(q(grid.intervals, 0.95), 1),
    frameP99Ms: round(q(grid.intervals, 0.99), 1),
    floorP95Ms: round(q(blank.intervals, 0.95), 1),
    floorP99Ms: round(q(blank.intervals, 0.99), 1),
    ratio: round(q(grid.intervals, 0.95) / q(blank.intervals, 0.95), 2),
    p99Ratio: round(q(grid.intervals, 0.99) / q(blank.intervals, 0.99), 2),
    noThumbsP95Ms: round(q(bare.intervals, 0.95), 1),
    noThumbsP99Ms: round(q(bare.intervals, 0.99), 1),
    longFrames: grid.longFrames,
    floorLongFrames: blank.longFrames,
    cardsInDom: grid.cardsInDom,
  };
}

/**
 * The gallery in Chromium (browser mode, `npm run build` first) over a workspace of 1 000 and of 100 000 outputs
 * (`TWIN_BENCH_GALLERY_UI_SIZES`): the time from the click on Outputs to the first page's thumbnails shown (the first
 * size is the floor, in the same run: `ratio` = open time at this size / open time at the floor); then a `scroll`
 * line: frame intervals while the mouse wheel scrolls the grid through SCROLL_CARDS cards (pages loaded first), p95 and
 * p99, over the same wheel scroll of a blank page of the same height (`ratio`, `p99Ratio`). 60 fps: p95 ≤ 16.7 ms.
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
          const open = median(opens);
          floorOpenMs ??= open;
          yield { outputs: n, coldOpenMs, openMs: open, ratio: round(open / floorOpenMs, 2) };
          log(`gallery-ui: wheel scroll through ${SCROLL_CARDS} cards of ${n}`);
          yield { case: 'scroll', outputs: n, ...(await scrollLine(page)) };
          await page.close();
        } finally {
          studio.stop();
        }
      }
    } finally {
      await browser.close();
    }
  },
};
