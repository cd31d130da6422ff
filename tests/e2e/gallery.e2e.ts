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
  const grid = page.getByTestId('gallery-grid');
  await expect(grid).toHaveAttribute('data-loaded', '60');
  // Virtual: the first page is loaded, only the rows in view (and a few either side) are in the DOM.
  const inDom = await items.count();
  expect(inDom).toBeGreaterThan(0);
  expect(inDom).toBeLessThan(60);

  // Scrolling to the end loads the next pages, until every output is there and no "Show more" is left.
  const view = page.getByTestId('outputs');
  const loaded = async () => Number(await grid.getAttribute('data-loaded'));
  await expect
    .poll(
      async () => {
        await view.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        return loaded();
      },
      { timeout: 30_000 },
    )
    .toBe(fx.facts.total);
  await expect(page.getByTestId('gallery-end').getByRole('button', { name: 'Show more' })).toHaveCount(0);
  // Far down, the DOM still holds a bounded number of cards: the oldest output's among them, the newest not.
  const oldest = `old-${String(fx.facts.total - 4).padStart(7, '0')}`;
  await view.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.locator(`[data-output-id="${oldest}"]`)).toBeInViewport();
  await expect(page.locator(`[data-output-id="${fx.facts.newest}"]`)).toHaveCount(0);
  expect(await items.count()).toBeLessThanOrEqual(inDom + 14);

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
  expect(srcs.length).toBeGreaterThan(0);
  expect(srcs.every((s) => s?.includes('/outputs/.thumbs/') && s.endsWith('.webp'))).toBe(true);
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((f) => !f.startsWith('/files/outputs/.thumbs/'))).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/gallery-thumbnails.png` });

  // The keys: the first key makes the first card active, the arrows move by a card and a row, End goes to the last
  // loaded output (its row scrolled into the DOM), Home back; Enter opens the active output.
  const active = page.locator('.gallery-item[aria-selected="true"]');
  await grid.focus();
  await page.keyboard.press('ArrowRight');
  await expect(active).toHaveAttribute('data-output-id', fx.facts.newest);
  await page.keyboard.press('ArrowRight');
  const second = await active.getAttribute('data-output-id');
  expect(second).not.toBe(fx.facts.newest);
  const columns = await page.evaluate(
    () => new Set([...document.querySelectorAll('.gallery-item')].map((c) => c.getBoundingClientRect().left)).size,
  );
  expect(columns).toBeGreaterThan(1);
  await page.keyboard.press('ArrowDown');
  const below = active;
  await expect(below).toHaveCount(1);
  const [a, b] = await Promise.all(
    [second, await below.getAttribute('data-output-id')].map((id) =>
      page.locator(`[data-output-id="${id}"]`).evaluate((c) => c.getBoundingClientRect()),
    ),
  );
  expect(b!.left).toBe(a!.left);
  expect(b!.top).toBeGreaterThan(a!.top);
  await page.keyboard.press('End');
  await expect(active).toHaveAttribute('data-output-id', oldest);
  await expect(active).toBeInViewport();
  expect(await items.count()).toBeLessThanOrEqual(inDom + 14);
  await page.keyboard.press('Home');
  await expect(active).toHaveAttribute('data-output-id', fx.facts.newest);
  await expect(active).toBeInViewport();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.locator('.viewer-image img')).toBeVisible();
  await page.getByRole('button', { name: '← Gallery' }).click();
  // Back in the grid, the output just viewed is still the active one, and the keys go on from it.
  await expect(active).toHaveAttribute('data-output-id', second!);
  await grid.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(active).toHaveAttribute('data-output-id', fx.facts.newest);

  // A filter asks the core again: only that shot's outputs, all of them as the grid scrolls.
  await page.getByLabel('Shot').selectOption('shot-a2');
  await expect
    .poll(
      async () => {
        await view.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        return loaded();
      },
      { timeout: 30_000 },
    )
    .toBe(fx.facts.perShot['shot-a2']);
  await expect(items.filter({ hasText: 'Shot shot-a1' })).toHaveCount(0);
  await page.getByLabel('Shot').selectOption('');
  await expect(grid).toHaveAttribute('data-loaded', '60');

  // The viewer opens the full-size file.
  await view.evaluate((el) => el.scrollTo(0, 0));
  await items.first().click();
  const full = page.locator('.viewer-image img');
  await expect(full).toHaveAttribute('src', /\/outputs\/shot-b1\/[^/]+\.png$/);
  await expect.poll(() => full.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(240);
  await page.getByRole('button', { name: '← Gallery' }).click();
  await expect(grid).toHaveAttribute('data-loaded', '60');
  expect(errors).toEqual([]);
});
