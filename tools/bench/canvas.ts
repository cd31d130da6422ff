import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startServingFixture } from '../../tests/e2e/studio.ts';
import { type Benchmark, median, round } from './types.ts';

/** CPU slowdown applied through DevTools (`Emulation.setCPUThrottlingRate`): a modest laptop under load. */
const THROTTLE = Number(process.env.TWIN_BENCH_CANVAS_THROTTLE ?? 4);
const FRAMES = 200;

/**
 * Runs in the page (a string: this file is type-checked without the DOM library). Drags the twin for `frames`
 * animation frames, one pointermove per frame dispatched at the canvas (Konva has no DOM per shape: the grab point
 * comes from the model through the canvas probe), timing each move's handler and the layer draws of the frame after
 * it; with `moves` false, the same frames with no pointer events (the floor). Returns per-frame work and intervals.
 */
const DRAG = `async ({ frames, moves }) => {
  const probe = window.twinStudioCanvas;
  const t = probe.transform();
  const head = probe.pagePointOf({ x: t.x, y: t.y - 400 * t.scale });
  const target = document.querySelector('.konvajs-content');
  const fire = (type, x, y) => target.dispatchEvent(new PointerEvent(type, {
    clientX: x, clientY: y, bubbles: true, cancelable: true, pointerId: 1, pointerType: 'mouse', isPrimary: true,
    button: 0, buttons: type === 'pointerup' ? 0 : 1 }));
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const proto = window.Konva.Layer.prototype;
  const drawScene = proto.drawScene;
  let drawMs = 0;
  proto.drawScene = function (...a) {
    const t0 = performance.now();
    try { return drawScene.apply(this, a); } finally { drawMs += performance.now() - t0; }
  };
  const draws = [], stamps = [], handler = [];
  if (moves) fire('pointerdown', head.x, head.y);
  await frame();
  drawMs = 0;
  for (let i = 1; i <= frames; i++) {
    stamps.push(await frame());
    draws.push(drawMs);
    drawMs = 0;
    const t0 = performance.now();
    if (moves) fire('pointermove', head.x + 150 * Math.sin(i / 20), head.y + 40 * Math.cos(i / 15));
    handler.push(performance.now() - t0);
  }
  stamps.push(await frame());
  await frame();
  draws.push(drawMs);
  proto.drawScene = drawScene;
  const dragging = probe.state();
  if (moves) fire('pointerup', head.x, head.y);
  return {
    dragging,
    work: handler.map((h, i) => h + (draws[i + 1] ?? 0)),
    draws: draws.slice(1),
    intervals: stamps.slice(1).map((s, i) => s - stamps[i]),
  };
}`;

interface Drag {
  dragging: string;
  work: number[];
  draws: number[];
  intervals: number[];
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] as number;

async function composedShot(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('create-shot').click();
  await page.getByTestId('library-tab-garments').click();
  await page.getByTestId('garment-chino-navy').click();
  await page.getByTestId('garment-tee-coral').click();
  await page.waitForFunction('window.twinStudioCanvas !== undefined && window.Konva !== undefined');
  await page.waitForTimeout(500);
}

/**
 * Dragging the twin on the Compose canvas in Chromium (browser mode, `npm run build` first) with the CPU slowed
 * `TWIN_BENCH_CANVAS_THROTTLE`× (4) through DevTools: p95 of each frame's main-thread work (the move handler plus
 * Konva's layer draws), target ≤ 16.7 ms (60 fps). The floor, in the same run and page: the same frames with no
 * pointer events; `ratio` = the drag's p95 frame interval over the floor's.
 */
export const canvasBenchmark: Benchmark = {
  name: 'canvas',
  async *run({ iterations, log }) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-canvas-'));
    const studio = await startServingFixture<Record<string, string>>('serveFixture.ts', [dir], 'SOURCES');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await composedShot(page, studio.url);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      const runs = Math.max(1, Math.min(iterations, 3));
      const drags: Drag[] = [];
      const floors: Drag[] = [];
      for (let i = 0; i < runs; i++) {
        log(`canvas: drag ${i + 1} of ${runs} (CPU ×${THROTTLE})`);
        floors.push((await page.evaluate(`(${DRAG})({ frames: ${FRAMES}, moves: false })`)) as Drag);
        drags.push((await page.evaluate(`(${DRAG})({ frames: ${FRAMES}, moves: true })`)) as Drag);
      }
      const all = (pick: (d: Drag) => number[], from: Drag[]) => from.flatMap(pick);
      const dragIntervalP95 = p95(all((d) => d.intervals, drags));
      const floorIntervalP95 = p95(all((d) => d.intervals, floors));
      yield {
        throttle: THROTTLE,
        frames: FRAMES * runs,
        dragging: drags.every((d) => d.dragging === 'select.dragging'),
        p95FrameMs: round(p95(all((d) => d.work, drags))),
        medianFrameMs: round(median(all((d) => d.work, drags))),
        medianDrawMs: round(median(all((d) => d.draws, drags))),
        p95IntervalMs: round(dragIntervalP95),
        floorP95IntervalMs: round(floorIntervalP95),
        ratio: round(dragIntervalP95 / floorIntervalP95, 2),
        target: 16.7,
        ok: p95(all((d) => d.work, drags)) <= 16.7,
      };
    } finally {
      await browser.close();
      studio.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
