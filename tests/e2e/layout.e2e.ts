import { expect, test, type Page } from '@playwright/test';
import { startFixtureStudio, type RunningStudio } from './studio.ts';

// Every view must work from 1280×720 up: nothing off-screen sideways, the main actions reachable, the
// panels scrolling on their own. The screenshots are kept for a person to look at.
const SHOTS = 'test-results/screenshots';
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const VIEWS = ['compose', 'outputs', 'review', 'export', 'ingest', 'settings'] as const;

let studio: RunningStudio;
test.beforeAll(async () => {
  studio = await startFixtureStudio();
});
test.afterAll(() => studio?.stop());

/** Elements whose right or bottom edge lies outside the viewport, among those the user must reach. */
async function offScreen(page: Page, testIds: string[]): Promise<string[]> {
  const { width, height } = page.viewportSize()!;
  const out: string[] = [];
  for (const id of testIds) {
    const box = await page.getByTestId(id).first().boundingBox();
    if (!box) out.push(`${id}: not shown`);
    else if (box.x < 0 || box.y < 0 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5) {
      out.push(`${id}: ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return out;
}

/** The page itself never scrolls sideways: whatever is wider than the window scrolls inside its panel. */
const pageOverflow = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));

test('every view fits every window from 1280×720 up', async ({ page }) => {
  await page.goto(studio.url);
  await expect(page.getByTestId('new-shot')).toBeVisible();
  await page.getByTestId('create-shot').click();
  await expect(page.getByTestId('canvas')).toBeVisible();

  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const view of VIEWS) {
      await page.getByTestId(`view-${view}`).click();
      await expect(page.getByTestId(`view-${view}`)).toHaveClass(/active/);
      const where = `${view} at ${viewport.width}×${viewport.height}`;
      await page.screenshot({ path: `${SHOTS}/layout-${view}-${viewport.width}x${viewport.height}.png` });
      const size = await pageOverflow(page);
      expect(size.scroll, where).toBeLessThanOrEqual(size.client);
      const reachable = ['view-settings', ...(view === 'compose' ? ['render', 'shot-panel', 'queue'] : [])];
      expect(await offScreen(page, reachable), where).toEqual([]);
    }
  }
});

test('? opens the keyboard shortcut sheet and Esc closes it, but not while typing in a field', async ({ page }) => {
  await page.setViewportSize(VIEWPORTS[0]);
  await page.goto(studio.url);
  await page.getByTestId('view-compose').click();
  await page.keyboard.press('?');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Render the shot');
  await expect(sheet).toContainText('Approve / reject');
  expect(await offScreen(page, ['shortcut-sheet'])).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/shortcut-sheet-1280x720.png` });
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await page.getByTestId('shot-name').focus();
  await page.keyboard.press('?');
  await expect(sheet).toHaveCount(0);
});
