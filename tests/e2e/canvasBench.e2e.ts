import { expect, test } from '@playwright/test';
import { startFixtureStudio, type RunningStudio } from './studio.ts';

let studio: RunningStudio;
test.beforeAll(async () => {
  studio = await startFixtureStudio();
});
test.afterAll(() => studio?.stop());

/**
 * Drags the twin for 200 animation frames (one pointermove per frame, dispatched at the canvas) and reports
 * the median frame interval and the median time the move handler takes. Target: frames under 16.7 ms.
 */
test('canvas drag benchmark: 200 frames', async ({ page }) => {
  await page.goto(studio.url);
  await page.getByTestId('create-shot').click();
  await page.getByTestId('library-tab-garments').click();
  await page.getByTestId('garment-chino-navy').click();
  await page.getByTestId('garment-tee-coral').click();
  await page.waitForFunction(() => (window as unknown as { twinStudioCanvas?: unknown }).twinStudioCanvas !== undefined);
  const result = await page.evaluate(async () => {
    const probe = (window as unknown as { twinStudioCanvas: { transform(): { x: number; y: number; scale: number }; pagePointOf(p: { x: number; y: number }): { x: number; y: number }; state(): string } }).twinStudioCanvas;
    const t = probe.transform();
    const head = probe.pagePointOf({ x: t.x, y: t.y - 400 * t.scale });
    const target = document.querySelector('.konvajs-content')!;
    const fire = (type: string, x: number, y: number) =>
      target.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1 }));
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    fire('pointerdown', head.x, head.y);
    const stamps: number[] = [];
    const handler: number[] = [];
    for (let i = 1; i <= 200; i++) {
      stamps.push(await frame());
      const t0 = performance.now();
      fire('pointermove', head.x + 150 * Math.sin(i / 20), head.y + 40 * Math.cos(i / 15));
      handler.push(performance.now() - t0);
    }
    stamps.push(await frame());
    const dragging = probe.state();
    fire('pointerup', head.x, head.y);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const intervals = stamps.slice(1).map((s, i) => s - stamps[i]!);
    return { dragging, frames: intervals.length, medianFrameMs: median(intervals), p95FrameMs: [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length * 0.95)]!, medianHandlerMs: median(handler) };
  });
  console.log(JSON.stringify({ bench: 'canvas.drag', ...result }));
  expect(result.dragging).toBe('select.dragging');
  expect(result.frames).toBe(200);
  expect(result.medianFrameMs).toBeLessThan(20);
});
