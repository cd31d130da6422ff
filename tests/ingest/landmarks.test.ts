import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { REQUIRED_LANDMARKS } from '../../src/catalog/garmentLandmarks.ts';
import { DEMO_GARMENTS, drawGarment } from '../../src/demo/art/index.ts';
import { suggestLandmarks } from '../../src/ingest/landmarks/index.ts';
import { KNOWN_SHORT, LANDMARK_BAR, landmarkErrors, trueLandmarks } from './landmarkTruth.ts';

describe('garment landmarks from the silhouette', () => {
  for (const g of DEMO_GARMENTS) {
    it(`${g.garmentId} (${g.category}): every landmark its category requires, inside the image`, async () => {
      const art = await drawGarment(g.garmentId);
      const { data, info } = await sharp(art.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const found = suggestLandmarks(new Uint8Array(data), info.width, info.height, g.category);
      for (const name of REQUIRED_LANDMARKS[g.category]) {
        const p = found[name];
        expect(p, name).toBeDefined();
        expect(p!.x).toBeGreaterThanOrEqual(0);
        expect(p!.x).toBeLessThanOrEqual(info.width);
        expect(p!.y).toBeGreaterThanOrEqual(0);
        expect(p!.y).toBeLessThanOrEqual(info.height);
      }
      // The wearer's left is on the image's right.
      if (found.left_shoulder && found.right_shoulder)
        expect(found.left_shoulder.x).toBeGreaterThan(found.right_shoulder.x);
      if (found.left_waist && found.right_waist) expect(found.left_waist.x).toBeGreaterThan(found.right_waist.x);
      const errors = landmarkErrors(await trueLandmarks(g.garmentId), found, art.height);
      const worst = Math.max(...errors.map((e) => e.error));
      const mean = errors.reduce((a, e) => a + e.error, 0) / errors.length;
      console.log(
        `${g.garmentId}: worst ${(worst * 100).toFixed(1)} %, mean ${(mean * 100).toFixed(1)} % of its height`,
      );
      const short = KNOWN_SHORT[g.garmentId];
      if (short) {
        // Not yet within the bar (see KNOWN_SHORT): once it is, it moves out of the table and is held to the bar.
        expect(worst, `${g.garmentId} now meets the bar: take it out of KNOWN_SHORT`).toBeGreaterThan(LANDMARK_BAR);
        return;
      }
      for (const e of errors) expect(e.error, e.name).toBeLessThanOrEqual(LANDMARK_BAR);
    });
  }
});

describe('hem corners', () => {
  it('sit at the sides of a nearly level hem whose corners the cut-out rounded', () => {
    // A sleeveless top, 200 px wide (x 100–299), its hem at y 360 on the sides curving 6 px down to the middle (a
    // tee's), each corner rounded to a radius of 4 px as a matte softens it.
    const w = 400;
    const h = 420;
    const rgba = new Uint8Array(w * h * 4);
    const inside = (x: number, y: number): boolean => {
      if (x < 100 || x > 299 || y < 40) return false;
      const u = (x - 199.5) / 100;
      if (y > 360 + 6 * (1 - u * u)) return false;
      for (const cx of [104, 295]) {
        if (Math.abs(x - cx) <= 4 && (x - cx) * (cx < 200 ? -1 : 1) > 0 && y > 356)
          return Math.hypot(x - cx, y - 356) <= 4;
      }
      return true;
    };
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (inside(x, y)) rgba[(y * w + x) * 4 + 3] = 255;
    const found = suggestLandmarks(rgba, w, h, 'top');
    // The wearer's right hem corner lies on the image's left.
    expect(Math.abs(found.right_hem!.x - 100)).toBeLessThanOrEqual(1);
    expect(Math.abs(found.left_hem!.x - 299)).toBeLessThanOrEqual(1);
    expect(Math.abs(found.right_hem!.y - 360)).toBeLessThanOrEqual(2);
  });
});
