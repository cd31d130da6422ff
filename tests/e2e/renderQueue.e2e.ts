import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startFixtureStudio, type RunningStudio } from './studio.ts';

// The real thing: browser mode over the studio runtime (persisted queue, worker pool, ONNX render, stamped
// output with label, watermark, XMP, C2PA and a ledger record). Nothing here is scripted.
const SHOTS = 'test-results/screenshots';
// The README's two screenshots are refreshed on request (README_SCREENSHOTS=1), so a test run leaves git clean.
const README_SHOTS = process.env.README_SCREENSHOTS === '1' ? 'docs/screenshots' : SHOTS;
let studio: RunningStudio;
test.beforeAll(async () => {
  mkdirSync(README_SHOTS, { recursive: true });
  studio = await startFixtureStudio();
});
test.afterAll(() => studio?.stop());

test('render from the canvas: stage progress, CUDA→CPU fallback, gallery with label, viewer, provenance, variants, refusal', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(studio.url);
  await page.getByTestId('create-shot').click();
  await page.getByTestId('library-tab-garments').click();
  await page.getByTestId('garment-chino-navy').click();
  await page.getByTestId('garment-tee-coral').click();
  await expect(page.getByTestId('policy')).toContainText('Cleared to render');
  await page.getByTestId('layer-twin').click();
  await page.screenshot({ path: `${SHOTS}/07-composed.png` });

  // An expired licence is refused at the Render button: no job is queued.
  await page.getByTestId('use-licence').selectOption('lic_ada_old');
  await expect(page.getByTestId('policy')).toContainText(
    'The licence expired on 1 Oct 2026 — ask Northlight Models for a renewal.',
  );
  await page.getByTestId('render').click();
  await expect(page.locator('.render-ctl .popover')).toContainText('ask Northlight Models for a renewal');
  await expect(page.locator('[data-testid^="job-"]')).toHaveCount(0);
  await page.getByTestId('use-licence').selectOption('lic_ada_2026');
  await expect(page.getByTestId('policy')).toContainText('Cleared to render');

  // One click renders through the queue; the job shows its stages, the provider that ran, and the fallback.
  await page.getByTestId('render').click();
  const job = page.locator('[data-testid^="job-"]').first();
  await expect(job).toBeVisible();
  await expect(job).toContainText('Fell back from cuda to cpu: The CUDA libraries are not installed', {
    timeout: 20_000,
  });
  await expect(job.locator('.stage-chip.done').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/08-queue.png` });
  await expect(job.locator('.badge')).toHaveText('done', { timeout: 30_000 });
  await expect(job).toContainText('on cpu');
  await expect(job.locator('.stage-chip.done')).toHaveCount(8);
  // For the README: the composed shot with its finished job in the queue (a taller window fits the queue in).
  await page.setViewportSize({ width: 1440, height: 1000 });
  await expect(page.locator('.notice')).toHaveCount(0, { timeout: 10_000 });
  await page.screenshot({ path: `${README_SHOTS}/studio-canvas.png` });
  await page.setViewportSize({ width: 1440, height: 900 });

  // Variants: the same look in the twin's other pose, in one action.
  await page.getByRole('button', { name: 'Render variants' }).click();
  await page.getByRole('button', { name: 'Render in every pose (2)' }).click();
  await expect(page.locator('[data-testid^="job-"]')).toHaveCount(3);
  await expect(page.locator('[data-testid^="job-"]', { hasText: 'pose open' })).toBeVisible();
  await expect(page.locator('.job .badge', { hasText: 'done' })).toHaveCount(3, { timeout: 45_000 });

  await page.getByTestId('view-outputs').click();
  await expect(page.locator('.gallery-item')).toHaveCount(3);
  // The gallery shows the real files: each image has loaded with the render's own size.
  await expect
    .poll(() =>
      page
        .locator('.gallery-item img')
        .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0)),
    )
    .toEqual([true, true, true]);
  await page.screenshot({ path: `${SHOTS}/09-gallery.png` });

  await page.locator('.gallery-item').last().click();
  await expect(page.locator('.provenance')).toContainText('AI-generated · digital twin of Ada (mannequin)');
  await page.getByRole('button', { name: 'Verify file' }).click();
  const checks = page.locator('.checks li');
  await expect(checks).toHaveCount(5);
  for (const name of [
    'Visible label',
    'XMP provenance',
    'C2PA Content Credentials',
    'Invisible watermark',
    'Ledger record',
  ]) {
    await expect(page.locator('.checks li.ok', { hasText: name })).toBeVisible();
  }
  await expect(page.locator('.checks li.bad')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/10-viewer-provenance.png` });
  await expect(page.locator('.notice')).toHaveCount(0, { timeout: 10_000 });
  await page.screenshot({ path: `${README_SHOTS}/studio-gallery.png` });

  await page.getByTestId('view-settings').click();
  await expect(page.getByTestId('settings')).toContainText('The CUDA libraries are not installed');
  await page.getByLabel('CPU').check();
  await expect(page.getByLabel('CPU')).toBeChecked();
  await page.screenshot({ path: `${SHOTS}/11-settings-providers.png` });

  expect(errors).toEqual([]);
});
