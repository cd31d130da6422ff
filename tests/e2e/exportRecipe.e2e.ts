import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { collectPageErrors, startServingFixture, type ServingFixture } from './studio.ts';

const SHOTS = 'test-results/screenshots';
let fx: ServingFixture<{ a1: string; b1: string; workspace: string }>;

test.beforeAll(async () => {
  fx = await startServingFixture('serveExportFixture.ts', [], 'OUTPUTS');
});
test.afterAll(() => fx?.stop());

test('an export recipe: SKU, size and naming set in the UI, an upscale warning, and a zip download', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(fx.url);
  await page.getByTestId('view-export').click();
  await expect(page.getByTestId('export-run')).toHaveText('Export 2 approved');
  await expect(page.getByTestId('export-destination')).toContainText('zip download');

  // The product page is 2000×3000: the 683×1024 renders would be enlarged, and the view says by how much first.
  await page.getByTestId('preset-product-page').click();
  const warning = page.getByTestId('upscale-warning');
  await expect(warning).toContainText('2 of 2 images would be upscaled');
  await expect(warning).toContainText('2.93×');
  await expect(warning).toContainText('683×1024 → 2000×3000');
  await page.screenshot({ path: `${SHOTS}/export-00-upscale-warning-1366.png` });

  // The recipe: a SKU for the shot without one, a size inside the source, names with the shot's name and scene.
  await page.getByTestId('recipe-sku').fill('SS27-COAT-7');
  await page.getByTestId('recipe-width').fill('600');
  await page.getByTestId('recipe-height').fill('900');
  await page.getByTestId('recipe-naming').fill('{sku}_{shot}_{scene}_{index}');
  await expect(warning).toHaveCount(0);
  const preview = page.getByTestId('recipe-preview');
  await expect(preview).toContainText('SKU-100_Linen-dress-front_studio-grey_001.jpg');
  await expect(preview).toContainText('SS27-COAT-7_Wool-coat-back_studio-grey_002.jpg');

  // Saved as a named recipe, it comes back after a reload.
  await page.getByTestId('recipe-name').fill('PDP 600');
  await page.getByTestId('recipe-save').click();
  await expect(page.getByTestId('recipe-select')).toHaveValue('PDP 600');
  await page.reload();
  await page.getByTestId('view-export').click();
  await page.getByTestId('recipe-select').selectOption('PDP 600');
  await expect(page.getByTestId('recipe-naming')).toHaveValue('{sku}_{shot}_{scene}_{index}');
  await expect(page.getByTestId('recipe-width')).toHaveValue('600');
  await expect(preview).toContainText('SS27-COAT-7_Wool-coat-back_studio-grey_002.jpg');
  await page.screenshot({ path: `${SHOTS}/export-01-recipe-1366.png` });

  await page.getByTestId('export-run').click();
  const report = page.getByTestId('export-report');
  await expect(report).toContainText('2 exported');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^product-page-\d{8}-\d{6}\.zip$/);
  const entries = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(Object.keys(entries)).toEqual([
    'SKU-100_Linen-dress-front_studio-grey_001.jpg',
    'SS27-COAT-7_Wool-coat-back_studio-grey_002.jpg',
    'labels.csv',
    'manifest.json',
  ]);
  // The report says which SKU each file went out under: the recipe's where the shot had none.
  await expect(page.getByTestId('export-images').locator('tbody tr').nth(1)).toContainText('SS27-COAT-7');
  await page.screenshot({ path: `${SHOTS}/export-02-report-1366.png`, fullPage: true });
  expect(errors).toEqual([]);
});
