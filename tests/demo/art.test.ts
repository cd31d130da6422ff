import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  DEMO_GARMENTS,
  DEMO_POSES,
  DEMO_SCENES,
  drawGarment,
  drawMannequinPose,
  drawScene,
} from '../../src/demo/art/index.ts';
import { COCO17 } from '../../src/twins/keypoints.schema.ts';
import type { Point } from '../../src/twins/keypoints.schema.ts';

type Raw = { data: Buffer; width: number; height: number; channels: number };

async function raw(png: Buffer): Promise<Raw> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

const alphaAt = (r: Raw, x: number, y: number): number =>
  r.data[(Math.round(y) * r.width + Math.round(x)) * r.channels + 3] ?? 0;

/** The highest alpha within `radius` px of the point. */
function alphaNear(r: Raw, p: Point, radius: number): number {
  let best = 0;
  for (let dy = -radius; dy <= radius; dy += 2) {
    for (let dx = -radius; dx <= radius; dx += 2) {
      const x = Math.round(p.x + dx);
      const y = Math.round(p.y + dy);
      if (x >= 0 && y >= 0 && x < r.width && y < r.height && dx * dx + dy * dy <= radius * radius)
        best = Math.max(best, alphaAt(r, x, y));
    }
  }
  return best;
}

describe('demo mannequin', () => {
  it.each(DEMO_POSES)('%s: 1024×1536 RGBA cut-out with all 17 keypoints on the drawn body', async (pose) => {
    const art = await drawMannequinPose(pose);
    const r = await raw(art.png);
    expect([r.width, r.height, r.channels]).toEqual([1024, 1536, 4]);
    expect([art.width, art.height]).toEqual([1024, 1536]);
    expect(Object.keys(art.keypoints).sort()).toEqual([...COCO17].sort());
    for (const p of Object.values(art.keypoints)) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(1024);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(1536);
    }
    for (const name of [
      'left_shoulder',
      'right_shoulder',
      'left_elbow',
      'right_elbow',
      'left_hip',
      'right_hip',
      'left_knee',
      'right_knee',
    ] as const) {
      expect(alphaAt(r, art.keypoints[name].x, art.keypoints[name].y), `${pose} ${name}`).toBeGreaterThan(200);
    }
    for (const [x, y] of [
      [0, 0],
      [1023, 0],
      [0, 1535],
      [1023, 1535],
    ] as const)
      expect(alphaAt(r, x, y)).toBe(0);
    // Feet to crown ~1350 px with the planted ankle on the common ground line.
    const ankleY = Math.max(art.keypoints.left_ankle.y, art.keypoints.right_ankle.y);
    expect(Math.abs(ankleY - 1440)).toBeLessThan(2);
    let top = 0;
    while (top < 1536 && ![...Array(1024).keys()].some((x) => alphaAt(r, x, top) > 128)) top++;
    expect(ankleY + 35 - top).toBeGreaterThan(1280);
    expect(ankleY + 35 - top).toBeLessThan(1400);
  });

  it('renders the same bytes twice', async () => {
    const a = await drawMannequinPose('walking');
    const b = await drawMannequinPose('walking');
    expect(a.png.equals(b.png)).toBe(true);
  });
});

describe('demo garments', () => {
  it('covers the six required categories with the right layers', () => {
    const byCat = new Map(DEMO_GARMENTS.map((g) => [g.category, g.layer]));
    for (const c of ['top', 'trousers', 'dress', 'skirt'] as const) expect(byCat.get(c)).toBe('under');
    for (const c of ['jacket', 'coat'] as const) expect(byCat.get(c)).toBe('over');
  });

  it.each(DEMO_GARMENTS.map((g) => g.garmentId))('%s: RGBA with its keypoints on the garment', async (id) => {
    const meta = DEMO_GARMENTS.find((g) => g.garmentId === id)!;
    const art = await drawGarment(id);
    const r = await raw(art.png);
    expect([r.width, r.height, r.channels]).toEqual([art.width, art.height, 4]);
    expect(Object.keys(art.keypoints).sort()).toEqual([...meta.keypointNames].sort());
    expect(Object.keys(art.keypoints).length).toBeGreaterThanOrEqual(3);
    for (const [name, p] of Object.entries(art.keypoints)) {
      expect(p.x >= 0 && p.y >= 0 && p.x < art.width && p.y < art.height, `${id} ${name} inside`).toBe(true);
      expect(alphaNear(r, p, 40), `${id} ${name} near fabric`).toBeGreaterThan(200);
    }
    expect(alphaAt(r, 0, 0)).toBe(0);
    expect(alphaAt(r, art.width - 1, 0)).toBe(0);
  });

  it('is wider than the mannequin where it covers it (ease)', async () => {
    const [tee, body] = await Promise.all([drawGarment('tee-white'), drawMannequinPose('front')]);
    const [rt, rb] = await Promise.all([raw(tee.png), raw(body.png)]);
    const span = (r: Raw, y: number): number => {
      const xs = [...Array(r.width).keys()].filter((x) => alphaAt(r, x, y) > 128);
      return xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
    };
    // Waist height, where the arms hang clear of the body: tee span vs torso span.
    const y = 604;
    const dy = body.keypoints.left_hip.y - tee.keypoints.left_hip!.y;
    const torso = [...Array(1024).keys()].filter((x) => x > 380 && x < 644 && alphaAt(rb, x, y) > 128);
    expect(span(rt, y - dy)).toBeGreaterThan(Math.max(...torso) - Math.min(...torso) + 10);
  });

  it('renders the same bytes twice', async () => {
    const a = await drawGarment('jacket-denim');
    const b = await drawGarment('jacket-denim');
    expect(a.png.equals(b.png)).toBe(true);
  });

  it('refuses an unknown garment by name', async () => {
    await expect(drawGarment('cape' as never)).rejects.toMatchObject({ code: 'DEMO_GARMENT_UNKNOWN' });
  });
});

describe('demo scenes', () => {
  it('has three studio colours and two lifestyle sets', () => {
    expect(DEMO_SCENES.filter((s) => s.kind === 'studio').length).toBeGreaterThanOrEqual(3);
    expect(DEMO_SCENES.filter((s) => s.kind === 'lifestyle').length).toBeGreaterThanOrEqual(2);
  });

  it.each(DEMO_SCENES.map((s) => s.sceneId))(
    '%s: RGB 1024×1536 with a floor line and twin height inside',
    async (id) => {
      const art = await drawScene(id);
      const r = await raw(art.png);
      expect([r.width, r.height, r.channels]).toEqual([1024, 1536, 3]);
      expect(art.floorY).toBeGreaterThan(1536 * 0.85);
      expect(art.floorY).toBeLessThan(1536);
      expect(art.twinHeight).toBeGreaterThan(1536 * 0.7);
      expect(art.twinHeight).toBeLessThan(art.floorY);
      expect(art.light.softness).toBeGreaterThanOrEqual(0);
      expect(art.light.softness).toBeLessThanOrEqual(1);
    },
  );

  it('scales to 2048×3072 with floor and height scaled alike', async () => {
    const [small, big] = await Promise.all([
      drawScene('studio-blush'),
      drawScene('studio-blush', { width: 2048, height: 3072 }),
    ]);
    const meta = await sharp(big.png).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([2048, 3072, 3]);
    expect(big.floorY).toBeCloseTo(small.floorY * 2, -1);
    expect(big.twinHeight).toBeCloseTo(small.twinHeight * 2, -1);
  });

  it('renders the same bytes twice and refuses unknown scenes', async () => {
    const a = await drawScene('street-sunlit');
    const b = await drawScene('street-sunlit');
    expect(a.png.equals(b.png)).toBe(true);
    await expect(drawScene('moon')).rejects.toMatchObject({ code: 'DEMO_SCENE_UNKNOWN' });
  });
});
