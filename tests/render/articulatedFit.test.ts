import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { garmentSchema, hasRequiredLandmarks } from '../../src/catalog/garment.schema.ts';
import { DEMO_GARMENTS, drawGarment, drawMannequinPose, type DemoGarmentId } from '../../src/demo/art/index.ts';
import { buildSkeleton, type PoseId } from '../../src/demo/art/rig.ts';
import { articulate } from '../../src/render/fit/articulate.ts';
import { poseSkeleton } from '../../src/render/fit/skeleton.ts';
import { measureShotColour } from '../../src/render/colour/measure.ts';
import { prepareShot } from '../../src/render/pipeline/index.ts';
import { garmentInput } from '../../src/render/pipeline/renderShot.ts';
import { useRenderFixture } from '../helpers/renderWorkspace.ts';
import { warpReference } from '../../src/render/reference/warp.ts';
import { type Pixels, rgbaToPremultiplied } from '../../src/render/tensors.ts';
import type { Point } from '../../src/render/tps.ts';

const FRAME = { width: 1024, height: 1536 };
const same = (p: Point): Point => p;
const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

async function decoded(png: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: 4,
  };
}

/** A demo garment fitted to a demo pose placed one to one in a 1024×1536 frame. */
async function fitted(id: DemoGarmentId, pose: PoseId) {
  const art = await drawGarment(id);
  const meta = DEMO_GARMENTS.find((g) => g.garmentId === id)!;
  const kp = buildSkeleton(pose).keypoints;
  const fit = articulate(
    {
      category: meta.category,
      landmarks: art.landmarks,
      keypoints: art.keypoints,
      size: { width: art.width, height: art.height },
      image: await decoded(art.png),
    },
    poseSkeleton(kp, same)!,
    kp.nose,
  );
  expect(fit).toBeDefined();
  return { art, kp, fit: fit! };
}

/** Per output pixel, the garment's alpha: its parts warped as the render model warps them (reference path). */
function coverage(parts: NonNullable<Awaited<ReturnType<typeof fitted>>['fit']>['parts']): Float32Array {
  const out = new Float32Array(FRAME.width * FRAME.height);
  for (const p of parts) {
    const input = garmentInput({ garmentId: 'g', z: 0, fit: 'tps', ...p }, FRAME);
    const crop = warpReference(rgbaToPremultiplied(input.image.data, p.image.width, p.image.height), input.tps, true);
    const [y0, x0] = Array.from(input.tps.box, Number) as [number, number];
    const n = crop.width * crop.height;
    for (let y = 0; y < crop.height; y++)
      for (let x = 0; x < crop.width; x++) {
        const i = (y + y0) * FRAME.width + x + x0;
        const a = crop.data[3 * n + y * crop.width + x] as number;
        out[i] = a + (out[i] as number) * (1 - a);
      }
  }
  return out;
}

describe('garment.json formats', () => {
  const base = { garmentId: 'tee-test', sku: 'TEE', name: 'Tee', category: 'top', layer: 'under', image: 'g.png' };
  const size = { width: 100, height: 120 };
  const keypoints = { left_shoulder: { x: 80, y: 10 }, right_shoulder: { x: 20, y: 10 }, left_hip: { x: 70, y: 100 } };

  it('reads garment/1 as the current format, landmarks taken from its keypoints, fitted the old way', () => {
    const g = garmentSchema.parse({ format: 'garment/1', ...base, ...size, keypoints });
    expect(g.format).toBe('garment/2');
    expect(g.migratedFrom).toBe('garment/1');
    expect(g.landmarks).toEqual(keypoints);
    expect(hasRequiredLandmarks(g)).toBe(false);
    // What the catalog stores reads back the same.
    expect(garmentSchema.parse(JSON.parse(JSON.stringify(g)))).toEqual(g);
  });

  it('refuses a garment/2 missing a landmark its category needs, naming it', async () => {
    const art = await drawGarment('tee-white');
    const ok = { format: 'garment/2', ...base, width: art.width, height: art.height, landmarks: art.landmarks };
    expect(hasRequiredLandmarks(garmentSchema.parse(ok))).toBe(true);
    const { left_armpit: _gone, ...landmarks } = art.landmarks;
    const bad = garmentSchema.safeParse({ ...ok, landmarks });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('left_armpit');
  });
});

describe('articulated fit', () => {
  it.each(['front', 'three-quarter', 'walking'] as const)('%s: each coat sleeve ends at its wrist', async (pose) => {
    const { art, kp, fit } = await fitted('coat-camel', pose);
    for (const s of ['left', 'right'] as const) {
      const cuff = mid(art.landmarks[`${s}_cuff_outer`]!, art.landmarks[`${s}_cuff_inner`]!);
      // The coat's sleeves reach 6 % of the arm past the wrist: ~27 px.
      expect(dist(fit.body.arm(s, cuff), kp[`${s}_wrist`])).toBeLessThan(45);
    }
  });

  it('puts the sleeve turned away under the torso, and both over it when the body faces the camera', async () => {
    expect((await fitted('coat-camel', 'front')).fit.parts.map((p) => p.part)).toEqual(['torso', 'sleeves']);
    const turned = await fitted('coat-camel', 'three-quarter');
    expect(turned.fit.far).toBe('left');
    expect(turned.fit.parts.map((p) => p.part)).toEqual(['left_sleeve', 'torso', 'right_sleeve']);
  });

  it('moves the neckline with the turn, towards the far side, and keeps it centred on a frontal pose', async () => {
    const offset = async (pose: PoseId): Promise<number> => {
      const { art, kp, fit } = await fitted('jacket-denim', pose);
      const centre = mid(kp.left_shoulder, kp.right_shoulder);
      return fit.body.torso(art.landmarks.neck_center!).x - centre.x;
    };
    expect(Math.abs(await offset('front'))).toBeLessThan(2);
    // Turned to the wearer's right: the left side goes away, on the image's right.
    expect(await offset('three-quarter')).toBeGreaterThan(20);
  });

  it('swings the skirt with the stride: its hem follows the legs on the walking pose', async () => {
    const tilt = async (pose: PoseId): Promise<number> => {
      const { art, fit } = await fitted('skirt-pleated', pose);
      const l = fit.body.torso(art.landmarks.left_hem!);
      const r = fit.body.torso(art.landmarks.right_hem!);
      return (Math.atan2(l.y - r.y, l.x - r.x) * 180) / Math.PI;
    };
    expect(Math.abs(await tilt('front'))).toBeLessThan(0.5);
    expect(Math.abs(await tilt('walking'))).toBeGreaterThan(1);
  });

  it('leaves the gap between arm and torso clear on the front pose, and covers the shoulders', async () => {
    const { fit } = await fitted('coat-camel', 'front');
    const cover = coverage(fit.parts);
    const body = await decoded((await drawMannequinPose('front')).png);
    const bodyAt = (x: number, y: number): number => (body.data[4 * (y * body.width + x) + 3] as number) / 255;
    // At elbow height, the background between the torso and each arm: the sleeve hangs clear of the coat's body
    // (a clear run of background on every row), not a cape across it.
    const kp = buildSkeleton('front').keypoints;
    const centre = Math.round(mid(kp.left_hip, kp.right_hip).x);
    let rows = 0;
    for (let y = Math.round(kp.left_elbow.y) - 20; y <= Math.round(kp.left_elbow.y) + 20; y++)
      for (const dir of [-1, 1]) {
        let x = centre;
        while (bodyAt(x, y) > 0.5) x += dir;
        let run = 0;
        let longest = 0;
        for (; bodyAt(x, y) <= 0.5 && Math.abs(x - centre) < 400; x += dir) {
          run = (cover[y * FRAME.width + x] as number) > 0.5 ? 0 : run + 1;
          longest = Math.max(longest, run);
        }
        expect(longest, `row ${y} ${dir < 0 ? 'right' : 'left'} side`).toBeGreaterThan(12);
        rows++;
      }
    expect(rows).toBe(82);
    // The shoulder caps: the mannequin's opaque pixels around each shoulder joint are all under cloth.
    for (const s of ['left', 'right'] as const) {
      const j = kp[`${s}_shoulder`];
      let bare = 0;
      for (let y = Math.round(j.y) - 45; y <= j.y + 10; y++)
        for (let x = Math.round(j.x) - 30; x <= j.x + 30; x++)
          if (bodyAt(x, y) > 0.5 && (cover[y * FRAME.width + x] as number) < 0.5) bare++;
      expect(bare, `${s} shoulder`).toBeLessThan(20);
    }
  });
});

describe('articulated fit: a sleeve whose hem dips below its cuff landmarks', () => {
  // A jacket 300 × 360: a body 100 px wide (x 100–199, y 30–339) and sleeves joined to it above y 90, hanging 15 px
  // clear of it (x 50–84 and 215–249). The cuff landmarks lie on y 290; the sleeves' cloth reaches on to y 310, twice
  // the fit's margin past that line (a slanted or curved hem, or landmarks placed a little high).
  const width = 300;
  const height = 360;
  function jacket(): Pixels {
    const data = new Uint8Array(width * height * 4);
    for (let y = 30; y < 340; y++)
      for (let x = 50; x < 250; x++) {
        const body = x >= 100 && x <= 199;
        const sleeve = y <= 310 && (y < 90 || x <= 84 || x >= 215);
        if (body || sleeve) data.set([70, 100, 150, 255], 4 * (y * width + x));
      }
    return { data, width, height, channels: 4 };
  }
  const landmarks = {
    neck_center: { x: 150, y: 60 },
    neck_left: { x: 170, y: 32 },
    neck_right: { x: 130, y: 32 },
    left_shoulder: { x: 230, y: 35 },
    right_shoulder: { x: 70, y: 35 },
    left_armpit: { x: 200, y: 90 },
    right_armpit: { x: 100, y: 90 },
    left_cuff_outer: { x: 249, y: 290 },
    left_cuff_inner: { x: 215, y: 290 },
    right_cuff_outer: { x: 50, y: 290 },
    right_cuff_inner: { x: 84, y: 290 },
    left_waist: { x: 199, y: 200 },
    right_waist: { x: 100, y: 200 },
    left_hem: { x: 199, y: 339 },
    right_hem: { x: 100, y: 339 },
  };

  it('keeps the hem’s edge with the sleeve: the torso layer holds the body alone, row by row', () => {
    const kp = buildSkeleton('front').keypoints;
    const fit = articulate(
      { category: 'jacket', landmarks, keypoints: undefined, size: { width, height }, image: jacket() },
      poseSkeleton(kp, same)!,
      kp.nose,
    )!;
    const torso = fit.parts.find((p) => p.part === 'torso')!.image;
    const runsOf = (y: number): number => {
      let runs = 0;
      for (let x = 0, inside = false; x < torso.width; x++) {
        const on = (torso.data[4 * (y * torso.width + x) + 3] as number) > 20;
        if (on && !inside) runs++;
        inside = on;
      }
      return runs;
    };
    // From below the armpits (a fifth of the layer down) to its hem: one run of cloth per row, the body's. Left to
    // the torso, the sleeves' hem edges stand beside it as runs of their own (20 rows), which its warp carries off
    // beside the hands. The parts are cut along a depth field sampled every 6 px: its last cell across the sleeves'
    // end may still leave a few rows.
    let extra = 0;
    for (let y = Math.round(0.2 * torso.height); y < torso.height; y++) if (runsOf(y) > 1) extra++;
    expect(extra).toBeLessThanOrEqual(6);
  });
});

describe('garment pixels outside the body', () => {
  const fix = useRenderFixture('twin-outside-', { garmentFormat: 'garment/2' });

  it('gathers a garment’s parts under its id and counts its pixels off the twin’s silhouette', async () => {
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
    expect(inputs.garments.length).toBe(2);
    const { width, height } = inputs.output;
    const blank = new Uint8Array(4 * width * height);
    const on = measureShotColour(inputs, blank).outsideBody!;
    expect(on.map((o) => o.garmentId)).toEqual(['tee-blue']);
    expect(on[0]!.pixels).toBeGreaterThan(500);
    expect(on[0]!.share).toBeLessThan(0.35);
    // The same garment moved off the figure, a third of the frame to the side: nearly all of it is outside.
    const moved = {
      ...inputs,
      garments: inputs.garments.map((g) => ({ ...g, dest: g.dest.map((p) => ({ x: p.x + width / 3, y: p.y })) })),
    };
    expect(measureShotColour(moved, blank).outsideBody![0]!.share).toBeGreaterThan(0.8);
    expect(measureShotColour({ ...inputs, twin: undefined }, blank).outsideBody).toBeUndefined();
  });
});
