import { expect, test } from '@playwright/test';
import { startFixtureStudio, type RunningStudio } from './studio.ts';

// The queue, gallery and viewer against a scripted RenderService/OutputsService (tests/helpers), which
// follows the contract the real render room implements.
const SHOTS = 'test-results/screenshots';
let studio: RunningStudio;
test.beforeAll(async () => {
  studio = await startFixtureStudio({ scriptedServices: true });
});
test.afterAll(() => studio?.stop());

test('render from the canvas: queue progress with fallback banner, gallery, viewer, provider settings', async ({ page }) => {
  await page.goto(studio.url);
  await page.getByTestId('create-shot').click();
  await page.getByTestId('library-tab-garments').click();
  await page.getByTestId('garment-chino-navy').click();
  await page.getByTestId('garment-tee-coral').click();
  await expect(page.getByTestId('policy')).toContainText('Cleared to render');

  await expect(page.getByTestId('render')).toBeEnabled();
  await page.keyboard.press('r');
  const job = page.locator('[data-testid^="job-"]').first();
  await expect(job).toBeVisible();
  await expect(job).toContainText('Fell back from cuda to cpu: no CUDA device on this machine');
  await expect(job.locator('.stage-chip.done').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/07-queue.png` });
  await expect(job.locator('.badge')).toHaveText('done', { timeout: 15_000 });
  await expect(job).toContainText('on cpu');

  // Variants: the same look in every pose of the twin, in one action.
  await page.getByRole('button', { name: 'Render variants' }).click();
  await page.getByRole('button', { name: 'Render in every pose (2)' }).click();
  await expect(page.locator('[data-testid^="job-"]')).toHaveCount(3);
  await expect(page.locator('[data-testid^="job-"]', { hasText: 'pose open' })).toBeVisible();
  await expect(page.locator('.job .badge', { hasText: 'done' })).toHaveCount(3, { timeout: 20_000 });

  await page.getByTestId('view-outputs').click();
  await expect(page.locator('.gallery-item')).toHaveCount(3);
  await page.screenshot({ path: `${SHOTS}/08-gallery.png` });
  await page.locator('.gallery-item').first().click();
  await page.getByRole('button', { name: 'Verify file' }).click();
  await expect(page.locator('.checks')).toContainText('visible label');
  await page.screenshot({ path: `${SHOTS}/09-viewer.png` });

  await page.getByTestId('view-settings').click();
  await expect(page.getByTestId('settings')).toContainText('no CUDA device on this machine');
  await page.getByLabel('CPU').check();
  await expect(page.getByLabel('CPU')).toBeChecked();
  await page.screenshot({ path: `${SHOTS}/10-settings-providers.png` });
});
