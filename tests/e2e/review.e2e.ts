import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectPageErrors, startServingFixture } from './studio.ts';

const SHOTS = 'test-results/screenshots';
interface Fixture {
  url: string;
  ids: { a1: string; a1b: string; a2: string; b1: string; workspace: string };
  stop(): void;
}
let fx: Fixture;

/** Runs serveReviewFixture.ts in its own process and reads the URL and the output ids it prints. */
async function startReviewStudio(args: string[] = []): Promise<Fixture> {
  const { url, facts: ids, stop } = await startServingFixture<Fixture['ids']>('serveReviewFixture.ts', args, 'OUTPUTS');
  return { url, ids, stop };
}

test.beforeAll(async () => {
  fx = await startReviewStudio();
});
test.afterAll(() => fx?.stop());

const gridIds = (page: Page) =>
  page.getByTestId('review-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-output-id')).sort());
const sorted = (...ids: string[]) => [...ids].sort();

async function dragOn(page: Page, target: Locator, from: [number, number], to: [number, number]) {
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from[0] + to[0]) / 2), box.y + box.height * ((from[1] + to[1]) / 2), {
    steps: 4,
  });
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 4 });
  await page.mouse.up();
}

test('review with the keyboard, annotate, filter, and export exactly the approved images', async ({ page }) => {
  const errors = collectPageErrors(page);
  const { a1, a1b, a2, b1 } = fx.ids;

  await page.goto(fx.url);
  await page.getByTestId('view-review').click();
  await expect(page.getByTestId('review-item')).toHaveCount(4);
  expect(await gridIds(page)).toEqual(sorted(a1, a1b, a2, b1));

  // Newest first: b1, a2, a1b, a1. A approves and moves on; R with a comment rejects.
  await page.locator(`[data-output-id="${b1}"]`).click();
  const viewer = page.getByTestId('review-viewer');
  await expect(viewer.getByTestId('review-position')).toHaveText('1 of 4');
  await page.keyboard.press('a');
  await expect(viewer.getByTestId('review-position')).toHaveText('2 of 4');
  await page.getByTestId('review-comment').fill('Left hand looks wrong');
  await page.getByTestId('review-comment').press('Escape');
  await page.keyboard.press('r');
  await expect(viewer.getByTestId('review-position')).toHaveText('3 of 4');
  await page.keyboard.press('a');
  await expect(viewer.getByTestId('review-position')).toHaveText('4 of 4');

  // Back to the rejected one: who, when and why are shown.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const decision = page.getByTestId('decision');
  await expect(decision.getByTestId('state-badge')).toHaveText('Rejected');
  await expect(decision.getByTestId('decided-by')).toContainText('by ana@studio.example');
  await expect(decision).toContainText('Left hand looks wrong');

  // a1b re-renders shot-a1: compare it with a1, and draw a pin and a box over it.
  await page.keyboard.press('ArrowRight');
  await expect(decision.getByTestId('state-badge')).toHaveText('Approved');
  await page.getByTestId('compare-toggle').click();
  await expect(page.getByTestId('stage-before')).toContainText('Before');
  const frame = page.getByTestId('stage-current').locator('.review-frame');
  await page.getByTestId('tool-pin').click();
  const box = (await frame.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.2);
  await page.getByTestId('note-input').fill('Collar sits too high');
  await page.getByTestId('note-input').press('Enter');
  await expect(page.getByTestId('ann-pin')).toHaveCount(1);
  await page.getByTestId('tool-rect').click();
  await dragOn(page, frame, [0.3, 0.3], [0.7, 0.62]);
  await page.getByTestId('note-input').fill('Shirt colour too saturated');
  await page.getByTestId('note-input').press('Enter');
  await expect(page.getByTestId('ann-rect')).toHaveCount(1);
  await expect(page.getByTestId('annotation-list').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('annotation-list')).toContainText('Collar sits too high');
  const rect = (await page.getByTestId('ann-rect').boundingBox())!;
  expect(rect.width / box.width).toBeGreaterThan(0.35);
  expect(rect.width / box.width).toBeLessThan(0.45);
  await page.screenshot({ path: `${SHOTS}/review-01-viewer.png` });

  // At 100% the frame is the image's own size, its top-left reachable, and the notes stay where they were drawn.
  await page.getByRole('button', { name: '100%' }).click();
  await expect.poll(async () => (await frame.boundingBox())?.width).toBe(600);
  const stageBox = (await page.getByTestId('stage-current').boundingBox())!;
  const zoomed = (await frame.boundingBox())!;
  expect(zoomed.y).toBeGreaterThanOrEqual(stageBox.y);
  expect(zoomed.x).toBeGreaterThanOrEqual(stageBox.x);
  const pin = (await page.getByTestId('ann-pin').boundingBox())!;
  expect(Math.abs(pin.x + pin.width / 2 - (zoomed.x + zoomed.width * 0.5))).toBeLessThan(2);
  await page.getByTestId('review-zoom').click();

  // Deleting a note takes it off the image and the list.
  await page.getByRole('button', { name: 'Delete note 2' }).click();
  await expect(page.getByTestId('annotation-list').locator('li')).toHaveCount(1);

  // The grid filters by state.
  await page.getByRole('button', { name: '← Grid' }).click();
  await expect.poll(() => gridIds(page)).toEqual([a1]);
  await page.getByTestId('filter-approved').click();
  await expect.poll(() => gridIds(page)).toEqual(sorted(b1, a1b));
  await page.getByTestId('filter-rejected').click();
  await expect.poll(() => gridIds(page)).toEqual([a2]);
  await page.getByTestId('filter-all').click();
  await expect.poll(() => gridIds(page)).toEqual(sorted(a1, a1b, a2, b1));
  await page.screenshot({ path: `${SHOTS}/review-02-grid.png` });

  // Export the approved with a preset: the report lists exactly them.
  await page.getByTestId('view-export').click();
  await expect(page.getByTestId('preset-marketplace')).toContainText('1600×1600');
  await page.getByTestId('preset-marketplace').click();
  await expect(page.getByTestId('export-run')).toHaveText('Export 2 approved');
  await page.getByTestId('export-run').click();
  const report = page.getByTestId('export-report');
  await expect(report).toContainText('2 exported');
  const exported = await page
    .getByTestId('export-images')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-output-id')).sort());
  expect(exported).toEqual(sorted(b1, a1b));
  await expect(page.getByTestId('export-dir')).toContainText(path.join(fx.ids.workspace, 'exports', 'marketplace-'));
  await expect(report).not.toContainText('Held back');
  await page.screenshot({ path: `${SHOTS}/review-03-export-report.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a licence revoked after approval holds its images back, with the reason and what to do', async ({ page }) => {
  const revoked = await startReviewStudio(['--revoke', 'lic-b']);
  try {
    const { a1, a1b, a2, b1 } = revoked.ids;
    await page.goto(revoked.url);
    await page.getByTestId('view-review').click();
    await expect(page.getByTestId('review-item')).toHaveCount(4);
    await page.getByTestId('review-item').first().click();
    for (const n of [2, 3, 4]) {
      await page.keyboard.press('a');
      await expect(page.getByTestId('review-position')).toHaveText(`${n} of 4`);
    }
    await page.keyboard.press('a');
    await expect(page.getByTestId('decision').getByTestId('state-badge')).toHaveText('Approved');

    await page.getByTestId('view-export').click();
    await expect(page.getByTestId('export-run')).toHaveText('Export 4 approved');
    await page.getByTestId('preset-social').click();
    await page.getByTestId('export-run').click();
    const report = page.getByTestId('export-report');
    await expect(report).toContainText('3 exported');
    const exported = await page
      .getByTestId('export-images')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-output-id')).sort());
    expect(exported).toEqual(sorted(a1, a1b, a2));
    const held = page.getByTestId('export-held').locator('li');
    await expect(held).toHaveCount(1);
    await expect(held).toContainText('shot-b1');
    await expect(held).toContainText('LICENCE_REVOKED');
    await expect(held).toContainText(
      /revoked this licence on \d+ \w+ \d{4} \(the model withdrew this brand\) — it cannot be used; contact /,
    );
    await expect(held).toHaveAttribute('data-output-id', b1);
    await page.screenshot({ path: `${SHOTS}/review-04-export-held-back.png`, fullPage: true });
  } finally {
    revoked.stop();
  }
});
