import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectPageErrors, startServingFixture } from './studio.ts';

const SHOTS = 'test-results/screenshots';
interface Ids {
  a1: string;
  a1b: string;
  a2: string;
  b1: string;
  workspace: string;
}
let fx: { url: string; ids: Ids; stop(): void };

test.beforeAll(async () => {
  const { url, facts: ids, stop } = await startServingFixture<Ids>('serveReviewFixture.ts', [], 'OUTPUTS');
  fx = { url, ids, stop };
});
test.afterAll(() => fx?.stop());

const item = (page: Page, id: string) => page.locator(`[data-testid="review-item"][data-output-id="${id}"]`);
const pane = (page: Page, which: 'current' | 'before') => page.getByTestId(`stage-${which}`);
const paneView = (stage: Locator) =>
  stage.evaluate((el) => ({
    zoom: el.getAttribute('data-zoom'),
    cx: el.getAttribute('data-cx'),
    cy: el.getAttribute('data-cy'),
  }));

async function centreOf(target: Locator): Promise<{ x: number; y: number }> {
  const box = (await target.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('review like Lightroom: compare and wipe with one zoom, loupe, stars, batch approve, filters', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const errors = collectPageErrors(page);
  const { a1, a1b, a2, b1 } = fx.ids;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(fx.url);

  // The reviewer names themself once, in Settings.
  await page.getByTestId('view-settings').click();
  await page.getByTestId('reviewer-name').fill('Rita Retouch');
  await page.getByTestId('reviewer-card').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Decisions are recorded as Rita Retouch')).toBeVisible();

  await page.getByTestId('view-review').click();
  await page.getByTestId('filter-all').click();
  await expect(page.getByTestId('review-item')).toHaveCount(4);

  // A second tab on the same studio: marks made here appear there without a reload.
  const other = await context.newPage();
  await other.setViewportSize({ width: 1366, height: 768 });
  await other.goto(fx.url);
  await other.getByTestId('view-review').click();
  await other.getByTestId('filter-all').click();
  await expect(other.getByTestId('review-item')).toHaveCount(4);

  // Stars and a colour label with the keys, in the viewer.
  await item(page, b1).click();
  const viewer = page.getByTestId('review-viewer');
  await page.keyboard.press('4');
  await expect(viewer.getByTestId('decision').getByTestId('stars')).toHaveAttribute('data-rating', '4');
  await page.keyboard.press('6');
  await expect(viewer.getByTestId('colour-red')).toHaveClass(/\bon\b/);
  await expect(item(other, b1).getByTestId('stars')).toHaveAttribute('data-rating', '4');
  await expect(item(other, b1).getByTestId('colour')).toHaveClass(/red/);

  // Compare side by side (b1 has no earlier render: its neighbour is offered), then pick another output.
  await page.keyboard.press('c');
  await expect(pane(page, 'before')).toBeVisible();
  await page.getByTestId('compare-with').selectOption(a1b);
  await expect(pane(page, 'before').locator('img')).toHaveAttribute('src', new RegExp(a1b));

  // One zoom and pan for both panes: 100 %, the wheel over one, a drag on the other.
  await page.getByRole('button', { name: '100%' }).click();
  await expect.poll(async () => (await paneView(pane(page, 'before'))).zoom).toBe('1.0000');
  await page.mouse.move(...(Object.values(await centreOf(pane(page, 'current'))) as [number, number]));
  await page.mouse.wheel(0, -200);
  await expect.poll(async () => (await paneView(pane(page, 'current'))).zoom).not.toBe('1.0000');
  const start = await centreOf(pane(page, 'before'));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x - 60, start.y - 120, { steps: 3 });
  await page.mouse.up();
  const left = await paneView(pane(page, 'before'));
  const right = await paneView(pane(page, 'current'));
  expect(right).toEqual(left);
  expect(Number(left.zoom)).toBeGreaterThan(1);
  await page.screenshot({ path: `${SHOTS}/review-pro-compare-1366.png` });

  // The wipe: one pane, the second output right of a divider the reviewer drags.
  await page.keyboard.press('w');
  await expect(pane(page, 'before')).toHaveCount(0);
  await page.getByTestId('review-zoom').click();
  const divider = page.getByTestId('wipe-divider');
  await expect(divider).toHaveAttribute('aria-valuenow', '50');
  const stageBox = (await pane(page, 'current').boundingBox())!;
  const handle = await centreOf(divider);
  await page.mouse.move(handle.x, handle.y);
  await page.mouse.down();
  await page.mouse.move(stageBox.x + stageBox.width * 0.45, handle.y, { steps: 3 });
  await page.mouse.up();
  await expect(divider).toHaveAttribute('aria-valuenow', '45');
  await expect(page.getByTestId('wipe-layer')).toHaveAttribute('style', /inset\(0px 0px 0px [1-9]/);
  // The 2:3 output over the square one keeps its shape: fitted inside the frame, never stretched to it.
  expect(
    await page
      .getByTestId('wipe-layer')
      .locator('img')
      .evaluate((img) => getComputedStyle(img).objectFit),
  ).toBe('contain');

  // The loupe follows the pointer: L for 100 %, again for 200 %.
  await page.keyboard.press('l');
  const frame = pane(page, 'current').locator('.review-frame');
  const f = (await frame.boundingBox())!;
  await page.mouse.move(f.x + f.width * 0.6, f.y + f.height * 0.25);
  await expect(page.getByTestId('loupe')).toHaveAttribute('data-scale', '1');
  await page.keyboard.press('l');
  await page.mouse.move(f.x + f.width * 0.62, f.y + f.height * 0.3);
  await expect(page.getByTestId('loupe')).toHaveAttribute('data-scale', '2');
  await page.screenshot({ path: `${SHOTS}/review-pro-wipe-loupe-1366.png` });
  await page.keyboard.press('l');
  await page.keyboard.press('w');

  // The clean view: the same output without the proof mark, from the studio's cache (never the export).
  await page.keyboard.press('p');
  await expect(frame.locator('img').first()).toHaveAttribute('src', new RegExp(`outputs/\\.clean/${b1}\\.png`));
  await page.screenshot({ path: `${SHOTS}/review-pro-clean-1366.png` });
  await page.keyboard.press('p');
  await page.keyboard.press('Escape');

  // Batch: ctrl-click two, shift-click extends; one comment, one call, every output approved by the named reviewer.
  await item(page, a2).click({ modifiers: ['Control'] });
  await item(page, a1).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('batch-count')).toHaveText('3 selected');
  await item(page, a1b).click({ modifiers: ['Control'] });
  await expect(page.getByTestId('batch-count')).toHaveText('2 selected');
  await page.getByTestId('batch-comment').fill('Campaign picks');
  await page.screenshot({ path: `${SHOTS}/review-pro-batch-1366.png` });
  const decided = page.waitForResponse((r) => r.url().includes('review.decideMany'));
  await page.getByTestId('batch-approve').click();
  expect((await decided).ok()).toBe(true);
  for (const id of [a2, a1]) {
    await expect(item(page, id).getByTestId('state-badge')).toHaveText('Approved');
    await expect(item(page, id)).toContainText('Rita Retouch');
    await expect(item(other, id).getByTestId('state-badge')).toHaveText('Approved');
  }
  await expect(item(page, a1b).getByTestId('state-badge')).toHaveText('To review');

  // Filters answered by the core: rating, then state with shot.
  await page.getByLabel('Rating').selectOption('4');
  await expect(page.getByTestId('review-item')).toHaveCount(1);
  await expect(item(page, b1)).toBeVisible();
  await page.getByLabel('Rating').selectOption('');
  await page.getByTestId('filter-approved').click();
  await page.getByLabel('Shot').selectOption('shot-a1');
  await expect(page.getByTestId('review-item')).toHaveCount(1);
  await expect(item(page, a1)).toBeVisible();

  // From an output to its shot, in Compose.
  await item(page, a1).click();
  await page.getByTestId('open-shot').click();
  await expect(page.getByTestId('shot-name')).toHaveValue('Shot shot-a1');
  // The gallery's viewer links to the shot as well.
  await page.getByTestId('view-outputs').click();
  await page.locator('.gallery-item').filter({ hasText: 'Shot shot-b1' }).first().click();
  await page.getByTestId('gallery-open-shot').click();
  await expect(page.getByTestId('shot-name')).toHaveValue('Shot shot-b1');

  await page.setViewportSize({ width: 1280, height: 720 });
  // Back in Review, the viewer is where it was left; Esc goes to the grid.
  await page.getByTestId('view-review').click();
  await expect(page.getByTestId('review-viewer')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('filter-all').click();
  await page.getByLabel('Shot').selectOption('');
  await item(page, b1).click();
  await page.keyboard.press('c');
  // At fit, each pane shows its whole image inside it (the panes re-measure when the layout changes).
  for (const which of ['before', 'current'] as const) {
    await expect
      .poll(async () => {
        const box = (await pane(page, which).boundingBox())!;
        const img = (await pane(page, which).locator('.review-frame').boundingBox())!;
        return img.x >= box.x && img.x + img.width <= box.x + box.width + 0.5;
      })
      .toBe(true);
  }
  await page.screenshot({ path: `${SHOTS}/review-pro-compare-1280.png` });
  const stages = (await page.locator('.review-stages').boundingBox())!;
  expect(stages.x + stages.width).toBeLessThanOrEqual(1280);

  // The reviewer's name is one setting for every window: renamed here, the other tab's Settings shows it at once.
  await other.getByTestId('view-settings').click();
  await expect(other.getByTestId('reviewer-name')).toHaveValue('Rita Retouch');
  await page.getByTestId('view-settings').click();
  await page.getByTestId('reviewer-name').fill('Rita Lopes');
  await page.getByTestId('reviewer-card').getByRole('button', { name: 'Save' }).click();
  await expect(other.getByTestId('reviewer-name')).toHaveValue('Rita Lopes');
  expect(errors).toEqual([]);
});
