import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { generateKeyPair, writeKeyPairFile } from '../../src/crypto/index.ts';
import { drawGarment } from '../../src/demo/art/garments.ts';
import { mannequinPhoto } from '../helpers/posePhotos.ts';
import { BACKDROPS, studioPhoto } from '../helpers/studioPhoto.ts';
import { collectPageErrors, startFixtureStudio, type RunningStudio } from './studio.ts';

const SHOTS = 'test-results/screenshots';
let studio: RunningStudio;
let dir: string;
let photo: string;

test.beforeAll(async () => {
  studio = await startFixtureStudio();
  dir = mkdtempSync(path.join(tmpdir(), 'ingest-e2e-'));
  // A demo mannequin pose laid on a graded grey backdrop, with grain, as a JPEG: a studio photo with no alpha.
  const truth = await mannequinPhoto('front', { width: 1400, height: 1000, scale: 0.55 });
  photo = path.join(dir, 'front-studio.jpg');
  await sharp(Buffer.from(truth.image.data), {
    raw: { width: truth.image.width, height: truth.image.height, channels: 4 },
  })
    .removeAlpha()
    .jpeg({ quality: 90 })
    .toFile(photo);
});
test.afterAll(() => studio?.stop());

type Pt = { x: number; y: number };
interface Probe {
  points(): Record<string, Pt & { hidden: boolean }>;
  strokes(): number;
  frontStrokes(): number;
  pagePointOf(doc: Pt): Pt | null;
}
const probe = <T>(page: Page, fn: (p: Probe) => T) =>
  page.evaluate(`(${fn.toString()})(window.twinStudioIngest)`) as Promise<T>;
const pointsOf = (page: Page) => probe(page, (p) => p.points());
const pageOf = (page: Page, doc: Pt) =>
  probe(page, new Function('p', `return p.pagePointOf(${JSON.stringify(doc)})`) as (p: Probe) => Pt);

async function drag(page: Page, from: Pt, by: Pt) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(from.x + (by.x * i) / 5, from.y + (by.y * i) / 5);
  await page.mouse.up();
}

test('a studio photo is cut out, its keypoints dragged, undone, saved as a pose, and the pack signed', async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(studio.url);
  await page.getByTestId('view-ingest').click();
  await expect(page.getByTestId('ingest-drop')).toBeVisible();
  await page.getByTestId('ingest-file').setInputFiles(photo);

  await expect(page.getByTestId('ingest-canvas')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => Object.keys((await pointsOf(page)) ?? {}).length).toBe(17);
  const before = await pointsOf(page);
  // The model placed the knees below the hips and the nose above the shoulders.
  expect(before.left_knee!.y).toBeGreaterThan(before.left_hip!.y);
  expect(before.nose!.y).toBeLessThan(before.left_shoulder!.y);

  // Drag the left knee by 40, 24 screen pixels: it moves by that much over the zoom in cut-out pixels.
  const knee = await pageOf(page, before.left_knee!);
  const zoom = (await pageOf(page, { x: before.left_knee!.x + 100, y: before.left_knee!.y })).x - knee.x;
  await drag(page, knee, { x: 40, y: 24 });
  const moved = (await pointsOf(page)).left_knee!;
  expect(moved.x - before.left_knee!.x).toBeCloseTo((40 * 100) / zoom, 0);
  expect(moved.y - before.left_knee!.y).toBeCloseTo((24 * 100) / zoom, 0);
  // The fit preview puts a library garment on the pose being edited.
  await expect(page.getByTestId('fit-preview').locator('canvas')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/ingest-1366x768.png` });

  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await pointsOf(page)).left_knee).toEqual(before.left_knee);
  await page.keyboard.press('Control+y');
  await expect.poll(async () => (await pointsOf(page)).left_knee).toEqual(moved);
  await page.keyboard.press('Control+z');

  // Arrow keys nudge the selected point (the knee, picked by the drag): Shift+Right moves it 10 px.
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => (await pointsOf(page)).left_knee!.x).toBeCloseTo(before.left_knee!.x + 10, 5);

  // The cut-out as it came, saved aside, to compare the brushed one with.
  const plain = path.join(dir, 'plain');
  await page.getByTestId('ingest-pack-dir').fill(plain);
  await page.getByTestId('ingest-pose-id').fill('front-plain');
  await page.getByTestId('ingest-save-button').click();
  await expect(page.getByTestId('ingest-saved')).toContainText('front-plain.png');

  // A stroke of the remove brush across the hips takes the figure out there, in the preview and in the save.
  await page.getByTestId('ingest-tool-remove').click();
  const hips = { x: (before.left_hip!.x + before.right_hip!.x) / 2, y: before.left_hip!.y };
  await drag(page, await pageOf(page, { x: hips.x - 30, y: hips.y }), { x: 60 * (zoom / 100), y: 0 });
  await expect.poll(() => probe(page, (p) => p.strokes())).toBe(1);
  await page.screenshot({ path: `${SHOTS}/ingest-brush-1366x768.png` });
  await page.getByTestId('ingest-tool-move').click();

  // Front parts: both forearms of this square pose are suggested (orange). Here the right one is taken out with the
  // eraser (Shift+F) and a stroke of the brush (F) runs down the left one, as a person checking the suggestion would.
  await page.keyboard.press('Shift+F');
  await expect(page.getByTestId('ingest-tool-unfront')).toHaveClass(/active/);
  const scale = zoom / 100;
  const rightElbow = before.right_elbow!;
  const rightWrist = before.right_wrist!;
  const rightEnd = {
    x: rightWrist.x + (rightWrist.x - rightElbow.x) * 0.8,
    y: rightWrist.y + (rightWrist.y - rightElbow.y) * 0.8,
  };
  // A wider eraser (] grows the brush by a quarter, four times: 24 → 59 px), back to its size ([) for the stroke after.
  for (let i = 0; i < 4; i++) await page.keyboard.press(']');
  await drag(page, await pageOf(page, rightElbow), {
    x: (rightEnd.x - rightElbow.x) * scale,
    y: (rightEnd.y - rightElbow.y) * scale,
  });
  await expect.poll(() => probe(page, (p) => p.frontStrokes())).toBe(1);
  for (let i = 0; i < 4; i++) await page.keyboard.press('[');
  await page.keyboard.press('f');
  await expect(page.getByTestId('ingest-tool-front')).toHaveClass(/active/);
  const elbow = before.left_elbow!;
  const wrist = before.left_wrist!;
  await drag(page, await pageOf(page, elbow), { x: (wrist.x - elbow.x) * scale, y: (wrist.y - elbow.y) * scale });
  await expect.poll(() => probe(page, (p) => p.frontStrokes())).toBe(2);
  expect(await probe(page, (p) => p.strokes())).toBe(1);
  await page.screenshot({ path: `${SHOTS}/ingest-front-1366x768.png` });
  await page.keyboard.press('v');

  const pack = path.join(dir, 'pack');
  await page.getByTestId('ingest-pack-dir').fill(pack);
  await page.getByTestId('ingest-pose-id').fill('front-e2e');
  await page.getByTestId('ingest-save-button').click();
  await expect(page.getByTestId('ingest-saved')).toContainText('front-e2e.png with its front parts');
  const saved = JSON.parse(readFileSync(path.join(pack, 'poses', 'front-e2e.json'), 'utf8')) as {
    keypoints: Record<string, Pt>;
  };
  expect(saved.keypoints.left_knee!.x).toBeCloseTo(before.left_knee!.x + 10, 5);
  const png = await sharp(path.join(pack, 'poses', 'front-e2e.png'))
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect(png.info.channels).toBe(4);
  const unbrushed = await sharp(path.join(plain, 'poses', 'front-plain.png'))
    .raw()
    .toBuffer();
  const at = (p: Pt) => (Math.round(p.y) * png.info.width + Math.round(p.x)) * 4 + 3;
  // Along the stroke the figure is gone (the cut-out held some of it there before).
  const line = Array.from({ length: 61 }, (_, i) => ({ x: hips.x - 30 + i, y: hips.y }));
  expect(line.map((p) => png.data[at(p)])).toEqual(line.map(() => 0));
  expect(line.some((p) => unbrushed[at(p)]! > 0)).toBe(true);
  // Away from the stroke the alpha is the cut-out's own.
  for (const p of [{ x: hips.x, y: hips.y - 60 }, before.left_knee!, before.right_shoulder!])
    expect(png.data[at(p)]).toBe(unbrushed[at(p)]);
  // The front-parts mask covers the left forearm, on the cut-out's pixels, and nothing else: not the erased right one.
  const front = await sharp(path.join(pack, 'poses', 'front-e2e.front.png'))
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([front.info.width, front.info.height, front.info.channels]).toEqual([png.info.width, png.info.height, 4]);
  const mid = { x: (elbow.x + wrist.x) / 2, y: (elbow.y + wrist.y) / 2 };
  expect(front.data[at(mid)]).toBe(png.data[at(mid)]);
  expect(png.data[at(mid)]).toBeGreaterThan(200);
  for (const p of [before.right_wrist!, before.nose!, before.left_knee!]) expect(front.data[at(p)]).toBe(0);

  // The pack builder: the consent in a form, refused with twin verify's code while the dates run backwards, then signed.
  const keyPath = path.join(dir, 'owner.key.json');
  writeKeyPairFile(keyPath, generateKeyPair());
  await page.getByTestId('ingest-mode-pack').click();
  await expect(page.getByTestId('pack-dir')).toHaveValue(pack);
  await page.getByTestId('pack-load').click();
  await expect(page.getByTestId('pack-builder')).toContainText('Poses: front-e2e');
  const fields: Record<string, string> = {
    twinId: 'tw_eve',
    displayName: 'Eve',
    ownerName: 'Eve Model',
    agency: 'Northlight Models',
    consentId: 'cons_eve_2026',
    governingLaw: 'NL',
    noticeGivenAt: '2026-01-01',
    grantedAt: '2026-01-02',
    validFrom: '2026-01-02',
    validUntil: '2025-12-31',
    productLines: 'womenswear',
    representationName: 'Northlight Models',
    documentSha256: 'c'.repeat(64),
  };
  for (const [k, v] of Object.entries(fields)) await page.getByTestId(`pack-${k}`).fill(v);
  await page.getByTestId('pack-key').fill(keyPath);
  await page.getByTestId('pack-sign').click();
  await expect(page.getByTestId('pack-error')).toContainText('PACK_INVALID');
  await expect(page.getByTestId('pack-error')).toContainText('validFrom must be before validUntil');
  await page.getByTestId('pack-validUntil').fill('2028-12-31');
  await page.getByTestId('pack-sign').click();
  await expect(page.getByTestId('pack-built')).toContainText('Signed tw_eve: 1 pose');
  await page.screenshot({ path: `${SHOTS}/ingest-pack-1366x768.png` });
  const manifest = JSON.parse(readFileSync(path.join(pack, 'twin.json'), 'utf8')) as {
    signature: string;
    poses: { poseId: string; front?: string }[];
  };
  expect(manifest.signature.length).toBeGreaterThan(0);
  expect(manifest.poses).toEqual([
    expect.objectContaining({ poseId: 'front-e2e', front: 'poses/front-e2e.front.png' }),
  ]);
  // The refused signing answered 400 (PACK_INVALID) on purpose; nothing else went wrong.
  expect(errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
});

test('a garment photo gets its landmarks and is imported into the library', async ({ page }) => {
  const errors = collectPageErrors(page);
  // A product photo as a studio takes it: the demo's denim jacket on graded grey paper with a soft shadow, JPEG.
  const shirt = path.join(dir, 'denim-jacket.jpg');
  writeFileSync(shirt, (await studioPhoto((await drawGarment('jacket-denim')).png, BACKDROPS.lightGrey)).jpeg);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(studio.url);
  await page.getByTestId('view-ingest').click();
  await page.getByTestId('ingest-kind-garment').click();
  await page.getByTestId('ingest-category').selectOption('jacket');
  await page.getByTestId('ingest-file').setInputFiles(shirt);
  await expect(page.getByTestId('ingest-canvas')).toBeVisible({ timeout: 30_000 });
  const points = await pointsOf(page);
  expect(Object.keys(points)).toEqual(expect.arrayContaining(['left_shoulder', 'right_cuff_outer', 'left_hem']));
  // The wearer's left shoulder lies on the image's right.
  expect(points.left_shoulder!.x).toBeGreaterThan(points.right_shoulder!.x);
  await page.getByTestId('ingest-garment-id').fill('denim-jacket-e2e');
  await page.getByTestId('ingest-sku').fill('DJ-1');
  await page.getByTestId('ingest-name').fill('Denim jacket (ingested)');
  await page.getByTestId('ingest-save-button').click();
  await expect(page.getByTestId('ingest-saved')).toContainText('Imported Denim jacket (ingested)');
  await page.screenshot({ path: `${SHOTS}/ingest-garment-1366x768.png` });
  expect(errors).toEqual([]);
});
