import { expect, test } from '@playwright/test';
import { collectPageErrors, startServingFixture } from './studio.ts';

const SHOTS = 'test-results/screenshots';
interface Fixture {
  url: string;
  facts: { total: number; perShot: Record<string, number>; newest: string };
  stop(): void;
}
let fx: Fixture;

test.beforeAll(async () => {
  const { url, facts, stop } = await startServingFixture<Fixture['facts']>('serveGalleryFixture.ts', [], 'GALLERY');
  fx = { url, facts, stop };
});
test.afterAll(() => fx?.stop());

test('the gallery pages thumbnails as it scrolls, filters on the server, and opens the full file only in the viewer', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  const files: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/files/outputs/')) files.push(url.pathname);
  });
  await page.goto(fx.url);
  await page.getByTestId('view-outputs').click();
  const items = page.locator('.gallery-item');
  await expect(items).toHaveCount(60);

  // Scrolling to the end loads the next pages, until every output is there and no "Show more" is left.
  const view = page.getByTestId('outputs');
  await expect
    .poll(
      async () => {
        await view.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        return items.count();
      },
      { timeout: 30_000 },
    )
    .toBe(fx.facts.total);
  await expect(page.getByTestId('gallery-end').getByRole('button', { name: 'Show more' })).toHaveCount(0);

  // Thumbnails only: every image in the grid is a WebP from outputs/.thumbs, and no full-size file was fetched.
  await view.evaluate((el) => el.scrollTo(0, 0));
  await expect
    .poll(() =>
      page
        .locator('.gallery-item img')
        .first()
        .evaluate((i) => (i as HTMLImageElement).naturalWidth),
    )
    .toBeGreaterThan(0);
  const srcs = await page.locator('.gallery-item img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')));
  expect(srcs).toHaveLength(fx.facts.total);
  expect(srcs.every((s) => s?.includes('/outputs/.thumbs/') && s.endsWith('.webp'))).toBe(true);
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((f) => !f.startsWith('/files/outputs/.thumbs/'))).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/gallery-thumbnails.png` });

  // A filter asks the core again: only that shot's outputs, all of them as the grid scrolls.
  await page.getByLabel('Shot').selectOption('shot-a2');
  await expect
    .poll(
      async () => {
        await view.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        return items.count();
      },
      { timeout: 30_000 },
    )
    .toBe(fx.facts.perShot['shot-a2']);
  await expect(items.filter({ hasText: 'Shot shot-a1' })).toHaveCount(0);
  await page.getByLabel('Shot').selectOption('');
  await expect(items).toHaveCount(60);

  // The viewer opens the full-size file.
  await items.first().click();
  const full = page.locator('.viewer-image img');
  await expect(full).toHaveAttribute('src', /\/outputs\/shot-b1\/[^/]+\.png$/);
  await expect.poll(() => full.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(240);
  await page.getByRole('button', { name: '← Gallery' }).click();
  await expect(items).toHaveCount(60);
  expect(errors).toEqual([]);
});
