import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, startFixtureStudio, type RunningStudio } from './studio.ts';

const SHOTS = 'test-results/screenshots';
let studio: RunningStudio;

test.beforeAll(async () => {
  studio = await startFixtureStudio();
});
test.afterAll(() => studio?.stop());

async function rename(page: Page, name: string): Promise<void> {
  await page.getByTestId('shot-name').fill(name);
  await page.getByTestId('shot-name').press('Enter');
}

/** Holds the page's next shot saves until released, so another tab's save lands first. */
async function holdSaves(page: Page): Promise<{ sent: Promise<unknown>; release: () => void }> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/shots.save', async (route) => {
    await held;
    await route.continue();
  });
  return { sent: page.waitForRequest('**/api/shots.save'), release };
}

test('two tabs on one shot: a save shows in the other within 1 s; a stale save is refused and offered reload or keep mine', async ({
  context,
}) => {
  const errors: string[] = [];
  const a = await context.newPage();
  collectPageErrors(a, errors);
  await a.goto(studio.url);
  await a.getByTestId('create-shot').click();
  await expect(a.getByTestId('canvas')).toBeVisible();
  const original = await a.getByTestId('shot-name').inputValue();

  // Tab B: the same studio and (remembered) shot, in the same browser profile.
  const b = await context.newPage();
  collectPageErrors(b, errors);
  await b.goto(`${studio.origin}/`);
  await expect(b.getByTestId('shot-name')).toHaveValue(original);
  await expect(b.getByTestId('save-state')).toHaveText(/Saved/);

  // A saves; B (no edits of its own) shows it within a second of A's "Saved", without a reload.
  await rename(a, 'Renamed in tab A');
  await expect(a.getByTestId('save-state')).toHaveText(/^Saved \d/);
  const savedAt = Date.now();
  await expect(b.getByTestId('shot-name')).toHaveValue('Renamed in tab A', { timeout: 1000 });
  console.log(`tab B showed tab A's save ${Date.now() - savedAt} ms after tab A said Saved`);
  await expect(b.getByTestId('shot-picker').locator('option:checked')).toHaveText('Renamed in tab A');

  // B edits and its autosave leaves from the revision it has; A's next save lands first (B's request is held).
  const bHeld = await holdSaves(b);
  await rename(b, 'Renamed in tab B');
  await bHeld.sent;
  await rename(a, 'Renamed again in tab A');
  await expect(a.getByTestId('save-state')).toHaveText(/^Saved \d/);
  bHeld.release();

  // B's stale save is refused: it says so, keeps its edit on screen, and offers reload or keep mine.
  const conflict = b.getByTestId('shot-conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('“Renamed again in tab A” was saved in another window');
  await expect(b.getByTestId('save-state')).toHaveText('Not saved: changed in another window');
  await expect(b.getByTestId('shot-name')).toHaveValue('Renamed in tab B');
  await expect(b.getByTestId('conflict-reload')).toBeVisible();
  await expect(b.getByTestId('conflict-keep')).toBeVisible();
  // Both renamed the shot: there is nothing to merge part by part.
  await expect(b.getByTestId('conflict-merge')).toHaveCount(0);
  // A's version is what is stored: A was not overwritten.
  await expect(a.getByTestId('shot-name')).toHaveValue('Renamed again in tab A');
  await expect(a.getByTestId('save-state')).toHaveText(/^Saved \d/);
  await b.screenshot({ path: `${SHOTS}/live-shots-conflict.png` });

  // Keep mine: B's version is saved over A's, on purpose, and A follows within a second.
  await b.unroute('**/api/shots.save');
  await b.getByTestId('conflict-keep').click();
  await expect(conflict).toHaveCount(0);
  await expect(b.getByTestId('save-state')).toHaveText(/^Saved \d/);
  await expect(a.getByTestId('shot-name')).toHaveValue('Renamed in tab B', { timeout: 1000 });

  // And the other way round: A's save is held while B saves; A is refused, and Reload takes B's version.
  const aHeld = await holdSaves(a);
  await rename(a, 'Edited in A, dropped on reload');
  await aHeld.sent;
  await rename(b, 'Final from tab B');
  await expect(b.getByTestId('save-state')).toHaveText(/^Saved \d/);
  aHeld.release();
  await expect(a.getByTestId('shot-conflict')).toBeVisible();
  await expect(a.getByTestId('shot-name')).toHaveValue('Edited in A, dropped on reload');
  await a.unroute('**/api/shots.save');
  await a.getByTestId('conflict-reload').click();
  await expect(a.getByTestId('shot-conflict')).toHaveCount(0);
  await expect(a.getByTestId('shot-name')).toHaveValue('Final from tab B');
  await expect(a.getByTestId('save-state')).toHaveText(/Saved/);
  await expect(b.getByTestId('shot-name')).toHaveValue('Final from tab B');
  expect(errors).toEqual([]);
});

test('a render in one tab moves the licence count, the gate and the records waiting in the other; the refusal closes', async ({
  context,
}) => {
  const errors: string[] = [];
  const a = await context.newPage();
  collectPageErrors(a, errors);
  await a.goto(studio.url);
  await expect(a.getByTestId('canvas')).toBeVisible();
  const b = await context.newPage();
  collectPageErrors(b, errors);
  await b.goto(`${studio.origin}/`);
  const waiting = b.locator('.kv', { hasText: 'Records waiting' });
  await b.getByTestId('view-settings').click();
  await expect(waiting).toContainText('0');
  await b.getByTestId('view-compose').click();
  await expect(b.getByTestId('licence-lic_ada_2026')).toContainText('500 of 500 images left');

  // The refusal under Render closes on Esc, on a click outside it, and when the shot's licence changes.
  const refusal = a.getByTestId('render-refusal');
  await a.getByTestId('use-licence').selectOption('lic_ada_old');
  await expect(a.getByTestId('policy')).toContainText('The licence expired on 1 Oct 2026');
  await a.getByTestId('render').click();
  await expect(refusal).toContainText('expired');
  await a.keyboard.press('Escape');
  await expect(refusal).toHaveCount(0);
  await a.getByTestId('render').click();
  await expect(refusal).toBeVisible();
  await a.getByTestId('policy').click();
  await expect(refusal).toHaveCount(0);
  await a.getByTestId('render').click();
  await expect(refusal).toBeVisible();
  await a.getByTestId('use-licence').selectOption('lic_ada_2026');
  await expect(refusal).toHaveCount(0);
  await expect(a.getByTestId('policy')).toContainText('Cleared to render · 499 images left after this one');
  await expect(b.getByTestId('policy')).toContainText('Cleared to render · 499 images left after this one');

  // A renders; B's licence line, its gate answer and its records waiting follow without a reload.
  await a.getByTestId('render').click();
  await expect(a.locator('.job .badge').first()).toHaveText('done', { timeout: 60_000 });
  const doneAt = Date.now();
  await expect(b.getByTestId('licence-lic_ada_2026')).toContainText('499 of 500 images left', { timeout: 1000 });
  console.log(`tab B showed the new count ${Date.now() - doneAt} ms after tab A's job said done`);
  await expect(b.getByTestId('policy')).toContainText('498 images left after this one', { timeout: 1000 });
  await expect(a.getByTestId('licence-lic_ada_2026')).toContainText('499 of 500 images left');
  await b.getByTestId('view-settings').click();
  await expect(waiting).toContainText('1');
  expect(errors).toEqual([]);
});
