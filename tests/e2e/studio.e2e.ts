import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, startFixtureStudio, type RunningStudio } from './studio.ts';

const SHOTS = 'test-results/screenshots';
let studio: RunningStudio;

test.beforeAll(async () => {
  studio = await startFixtureStudio();
});
test.afterAll(() => studio?.stop());

interface Probe {
  state(): string;
  selection(): string | null;
  transform(): { x: number; y: number; scale: number; rotation: number };
  pagePointOf(doc: { x: number; y: number }): { x: number; y: number } | null;
  hitAtPage(x: number, y: number): { kind: string; id?: string; handle?: string } | null;
}
const probe = <T>(page: Page, fn: (p: Probe) => T) =>
  page.evaluate(`(${fn.toString()})(window.twinStudioCanvas)`) as Promise<T>;

/** The head of the mannequin: pose pixel (200, 100) of a 400×1000 pose, under the shot's transform (rotation 0). */
async function headOnPage(page: Page) {
  const t = await probe(page, (p) => p.transform());
  return probe(
    page,
    new Function('p', `return p.pagePointOf({ x: ${t.x}, y: ${t.y - 400 * t.scale} })`) as (p: Probe) => {
      x: number;
      y: number;
    },
  );
}

test('compose a shot: library, canvas drag with autosave, refusal, import, settings', async ({ page }) => {
  const errors = collectPageErrors(page);

  await page.goto(studio.url);
  await expect(page).toHaveURL(`${studio.origin}/`);
  const library = page.getByTestId('library');
  await expect(library.getByText('Ada (mannequin)')).toBeVisible();
  await expect(page.getByTestId('licence-lic_ada_2026')).toContainText(
    'Valid until 1 Oct 2027 · 500 of 500 images left',
  );
  await expect(page.getByTestId('licence-lic_ada_old')).toContainText(
    'The licence expired on 1 Oct 2026 — ask Northlight Models for a renewal.',
  );

  await expect(page.getByTestId('new-shot')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/00-library-new-shot.png` });

  // No shot yet: the stage offers to start one.
  await page.getByTestId('create-shot').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.waitForFunction(
    () => (window as unknown as { twinStudioCanvas?: unknown }).twinStudioCanvas !== undefined,
  );

  await page.getByTestId('library-tab-garments').click();
  await page.getByTestId('garment-chino-navy').click();
  await page.getByTestId('garment-tee-coral').click();
  await expect(page.getByTestId('layer-garment:tee-coral')).toBeVisible();
  // Delete removes the selected garment; dragging it from the library onto the canvas brings it back.
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('layer-garment:tee-coral')).toHaveCount(0);
  await page.getByTestId('garment-tee-coral').dragTo(page.getByTestId('canvas'));
  await expect(page.getByTestId('layer-garment:tee-coral')).toBeVisible();
  await expect(page.getByTestId('policy')).toContainText('Cleared to render');
  await page.screenshot({ path: `${SHOTS}/01-compose.png` });

  // Drag the twin by the head: find it from the model, confirm the hit test, then move in steps.
  const before = await probe(page, (p) => p.transform());
  const head = await headOnPage(page);
  await expect
    .poll(() => probe(page, new Function('p', `return p.hitAtPage(${head.x}, ${head.y})`) as (p: Probe) => unknown))
    .toEqual({ kind: 'layer', id: 'twin' });
  await page.mouse.move(head.x, head.y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(head.x - 12 * i, head.y + 2 * i);
  expect(await probe(page, (p) => p.state())).toBe('select.dragging');
  await page.screenshot({ path: `${SHOTS}/02-dragging.png` });
  await page.mouse.up();
  expect(await probe(page, (p) => p.state())).toBe('select.idle');
  const after = await probe(page, (p) => p.transform());
  expect(after.x).toBeLessThan(before.x - 100);

  // Autosaved: the server has the new position.
  await expect(page.getByTestId('save-state')).toContainText('Saved', { timeout: 5000 });
  const saved = await page.evaluate(async () => {
    const shots = (await (
      await fetch('/api/shots.list', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })
    ).json()) as { value: { twin: { transform: { x: number } } }[] };
    return shots.value[0]!.twin.transform.x;
  });
  expect(saved).toBeCloseTo(after.x, 6);

  // Undo puts it back (and autosaves again).
  await page.keyboard.press('Control+z');
  expect((await probe(page, (p) => p.transform())).x).toBeCloseTo(before.x, 6);
  await page.keyboard.press('Control+Shift+z');
  expect((await probe(page, (p) => p.transform())).x).toBeCloseTo(after.x, 6);

  // An expired licence is refused where the user chose it, with what to do.
  await page.getByTestId('use-licence').selectOption('lic_ada_old');
  await expect(page.getByTestId('policy')).toContainText(
    'The licence expired on 1 Oct 2026 — ask Northlight Models for a renewal.',
  );
  await page.screenshot({ path: `${SHOTS}/03-refusal.png` });
  await page.getByTestId('use-licence').selectOption('lic_ada_2026');
  await expect(page.getByTestId('policy')).toContainText('Cleared to render');

  // The render engine is there: Render is enabled and the queue is empty until it is pressed.
  await expect(page.getByTestId('render')).toBeEnabled();
  await expect(page.getByTestId('queue')).toContainText('Nothing queued');

  // Import a scene through the file picker (uploaded into the workspace, then imported and verified).
  await page.getByTestId('library-tab-scenes').click();
  await page
    .getByTestId('import-input')
    .setInputFiles(readdirSync(studio.sceneDir).map((f) => path.join(studio.sceneDir, f)));
  await expect(page.getByTestId('scene-warm-loft')).toBeVisible();
  await page.getByTestId('scene-warm-loft').click();
  await page.getByTestId('library-tab-twins').click();
  await page.getByTestId('layer-twin').click();
  await page.screenshot({ path: `${SHOTS}/04-scene-imported.png` });

  await page.getByTestId('view-settings').click();
  await expect(page.getByTestId('settings')).toContainText('Not enrolled');
  await page.screenshot({ path: `${SHOTS}/05-settings.png` });
  await page.getByTestId('view-outputs').click();
  await expect(page.getByTestId('outputs')).toContainText('No renders yet. Compose a shot and press Render.');
  await page.screenshot({ path: `${SHOTS}/06-outputs.png` });

  expect(errors).toEqual([]);
});
