import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectPageErrors, startFixtureStudio, type RunningStudio } from './studio.ts';

// Settings as an operator uses it: enrol with the registry from the window (address + one-time token), press
// Sync now and read the status; a bad token is refused in plain words; the provider list keeps its order.
const SHOTS = 'test-results/screenshots';

let studio: RunningStudio;
test.beforeAll(async () => {
  studio = await startFixtureStudio(['--registry']);
});
test.afterAll(() => studio?.stop());

test('enrols with the registry from Settings, syncs now and shows the status', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectPageErrors(page);
  const { registryUrl, token } = studio.sources as { registryUrl: string; token: string };
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(studio.url);
  await page.getByTestId('view-settings').click();
  const card = page.getByTestId('registry-card');
  await expect(card.getByTestId('enrol-form')).toBeVisible();

  // A token that is not one: refused under the form, saying what was expected and whom to ask.
  await card.getByTestId('enrol-url').fill(registryUrl);
  await card.getByTestId('enrol-token').fill('enrol.not-a-token');
  await card.getByTestId('enrol-submit').click();
  const refusal = card.getByTestId('sync-error');
  await expect(refusal).toContainText('enrol.KEYID.ORG.SECRET');
  await expect(refusal).toContainText('Ask the registry operator for a new enrolment token');
  await expect(refusal).not.toContainText('/tmp/');
  await refusal.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/settings-enrol-refused.png` });

  await card.getByTestId('enrol-token').fill(token);
  await card.getByTestId('enrol-submit').click();
  await expect(card.getByTestId('sync-status')).toBeVisible();
  await expect(card.getByTestId('sync-org')).toHaveText('org-e2e');
  await expect(card.getByTestId('sync-workstation')).toHaveText(/\S{8,}/);

  await card.getByTestId('sync-now').click();
  await expect(card.getByTestId('sync-state')).toHaveText('Up to date');
  await expect(card.getByTestId('sync-checkin')).not.toHaveText('never');
  await expect(card.getByTestId('sync-pending')).toHaveText('0');
  await expect(card.getByTestId('sync-error')).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/settings-enrolled.png` });

  // Another window (a reload) reads the same enrolment.
  await page.reload();
  await page.getByTestId('view-settings').click();
  await expect(page.getByTestId('sync-org')).toHaveText('org-e2e');
  // The refused token answers 401 (ENROLMENT_TOKEN_INVALID), which the browser logs; the window showed it in words.
  expect(errors.filter((e) => !/status of 401\b/.test(e))).toEqual([]);
});

test('the provider list keeps its order after a choice and a reload', async ({ page }) => {
  await page.goto(studio.url);
  await page.getByTestId('view-settings').click();
  const labels = page.locator('.providers .provider');
  await expect(labels.first()).toBeVisible();
  const before = await labels.allInnerTexts();
  const names = before.map((t) => t.split('\n')[0]);
  expect(names[0]).toMatch(/Automatic/);
  const cpu = page.locator('.providers .provider', { hasText: /^CPU/ }).locator('input');
  await cpu.check();
  await expect(cpu).toBeChecked();
  await page.reload();
  await page.getByTestId('view-settings').click();
  await expect(page.locator('.providers .provider', { hasText: /^CPU/ }).locator('input')).toBeChecked();
  expect((await labels.allInnerTexts()).map((t) => t.split('\n')[0])).toEqual(names);
});

test('a bad upload is refused by the names picked, with no temp path; the notice closes and the upload is gone', async ({
  page,
}) => {
  const workspace = studio.sources.workspace!;
  const scenes = path.join(workspace, 'catalog', 'scenes');
  const sceneDir = path.join(scenes, readdirSync(scenes)[0]!);
  const scene = JSON.parse(readFileSync(path.join(sceneDir, 'scene.json'), 'utf8')) as { image: string };
  const picked = mkdtempSync(path.join(tmpdir(), 'bad-scene-'));
  writeFileSync(path.join(picked, 'scene.json'), JSON.stringify({ ...scene, sceneId: 'broken-scene' }));
  writeFileSync(path.join(picked, scene.image), 'this is not an image');

  await page.goto(studio.url);
  await page.getByTestId('library-tab-scenes').click();
  await page.getByTestId('import-input').setInputFiles(readdirSync(picked).map((f) => path.join(picked, f)));
  const notice = page.locator('.notice.error');
  await expect(notice).toContainText('Could not import');
  await expect(notice).toContainText(scene.image);
  await expect(notice).not.toContainText('/tmp');
  await expect(notice).not.toContainText('uploads');
  await expect(notice).not.toContainText('Input buffer');
  await page.screenshot({ path: `${SHOTS}/settings-bad-upload.png` });
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  const uploads = path.join(workspace, 'tmp', 'uploads');
  expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
});
