import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandlers } from '../../src/api/ingest.handlers.ts';
import { createEventHub } from '../../src/api/events.ts';
import { createIngestService } from '../../src/app/ingestService.ts';
import { previewBodyPoints } from '../../src/contract/index.ts';
import { cutOutPhoto } from '../../src/ingest/cutout/index.ts';
import { suggestLandmarks } from '../../src/ingest/landmarks/index.ts';
import { createPoseEstimator } from '../../src/ingest/pose/index.ts';
import type { PoseEstimator } from '../../src/ingest/poseEstimator.ts';
import { COCO17 } from '../../src/twins/keypoints.schema.ts';
import { poseKeypointsSchema } from '../../src/twins/pack.schema.ts';
import { createWorkspace, type Workspace } from '../../src/workspace/index.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { mannequinPhoto, type PoseTruth } from '../helpers/posePhotos.ts';

const alphaAt = async (file: string, x: number, y: number): Promise<number> => {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return data[(Math.round(y) * info.width + Math.round(x)) * 4 + 3] as number;
};

describe('ingest service and handlers (real sharp, real MoveNet on onnxruntime)', () => {
  let dir: string;
  let ws: Workspace;
  let estimator: PoseEstimator;
  let handlers: ReturnType<typeof createIngestHandlers>;
  let truth: PoseTruth;
  let photo: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ingest-'));
    ws = createWorkspace(path.join(dir, 'ws'), fixtureClock);
    estimator = await createPoseEstimator({ modelsDir: path.resolve('models') });
    const ingest = createIngestService({
      ws,
      core: {
        cutOut: (bytes, what) => cutOutPhoto(bytes, { what }),
        estimatePose: (img) => estimator.estimate(img),
        suggestLandmarks: async (img, category) => suggestLandmarks(img.data, img.width, img.height, category),
      },
    });
    handlers = createIngestHandlers({ ws, services: { ingest }, hub: createEventHub() });
    truth = await mannequinPhoto('front', { width: 1200, height: 1000, scale: 0.6 });
    photo = path.join(dir, 'front.png');
    await sharp(Buffer.from(truth.image.data), {
      raw: { width: truth.image.width, height: truth.image.height, channels: 4 },
    })
      .png()
      .toFile(photo);
  });
  afterAll(async () => {
    await estimator.dispose();
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'cuts a photo on a grey backdrop out and places all 17 keypoints, in its pixels, on the true joints',
    { timeout: 60_000 },
    async () => {
      const s = await handlers['ingest.open']({ path: photo, kind: 'pose' });
      expect(Object.keys(s.points).sort()).toEqual([...COCO17].sort());
      expect(s.preview.image.startsWith('data:image/png;base64,')).toBe(true);
      // Colour and alpha apart: the colour opaque (kept under the transparent backdrop), the alpha as grey.
      const colour = await sharp(Buffer.from(s.preview.image.split(',')[1]!, 'base64')).metadata();
      const alpha = await sharp(Buffer.from(s.preview.alpha.split(',')[1]!, 'base64')).metadata();
      expect([colour.channels, alpha.channels, colour.width, alpha.width]).toEqual([3, 1, s.width, s.width]);
      // The crop hugs the figure (which stands at 30 % of the width), not the whole photo.
      expect(s.crop.x).toBeGreaterThan(truth.image.width * 0.2);
      expect(s.width).toBeLessThan(truth.image.width * 0.6);
      // The points come back in the cut-out's pixels: moved by the crop they sit on the true joints (the median
      // joint within 2 % of the figure height; how well the model places each joint is tests/ingest's business).
      const errors = COCO17.map((name) => {
        const p = s.points[name]!;
        const t = truth.keypoints[name];
        return Math.hypot(p.x + s.crop.x - t.x, p.y + s.crop.y - t.y) / truth.figureHeight;
      }).sort((a, b) => a - b);
      expect(errors[8]).toBeLessThan(0.02);
    },
  );

  it(
    'saves the edited pose into a pack folder: brush strokes in the alpha, the dragged keypoint in the JSON',
    {
      timeout: 60_000,
    },
    async () => {
      const s = await handlers['ingest.open']({ path: photo, kind: 'pose' });
      const points: Record<string, { x: number; y: number; visibility?: 'visible' | 'occluded' }> = Object.fromEntries(
        Object.entries(s.points).map(([n, p]) => [n, { x: p.x, y: p.y }]),
      );
      points.nose = { x: points.nose!.x + 7, y: points.nose!.y - 3 };
      points.left_ear = { ...points.left_ear!, visibility: 'occluded' };
      const hip = points.left_hip!;
      const pack = path.join(dir, 'pack');
      const saved = await handlers['ingest.savePose']({
        sessionId: s.sessionId,
        packDir: pack,
        poseId: 'front-01',
        points,
        strokes: [
          { mode: 'remove', radius: 12, softness: 0, points: [hip] },
          { mode: 'add', radius: 10, softness: 0.5, points: [{ x: 15, y: 15 }] },
        ],
      });
      const body = poseKeypointsSchema.parse(JSON.parse(readFileSync(saved.keypoints, 'utf8')));
      // A moved point is the person's (confidence 1); one left where the estimator put it keeps its score.
      expect(body.keypoints.nose).toEqual({ ...points.nose, visibility: 'visible', confidence: 1 });
      expect(body.keypoints.left_ear?.visibility).toBe('occluded');
      expect(body.keypoints.left_hip).toEqual({
        ...points.left_hip,
        visibility: s.points.left_hip!.visibility,
        confidence: s.points.left_hip!.confidence,
      });
      expect(body.width).toBe(s.width);
      expect(await alphaAt(saved.image, hip.x, hip.y)).toBe(0);
      expect(await alphaAt(saved.image, 15, 15)).toBe(255);
      const meta = await sharp(saved.image).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([s.width, s.height, 4]);
    },
  );

  it(
    "saves the pose's front-parts mask: suggested from the points, the front brush painted on, kept to the cut-out",
    { timeout: 60_000 },
    async () => {
      const s = await handlers['ingest.open']({ path: photo, kind: 'pose' });
      const points = Object.fromEntries(Object.entries(s.points).map(([n, p]) => [n, { x: p.x, y: p.y }]));
      const wrist = points.left_wrist!;
      const elbow = points.left_elbow!;
      const torso = {
        x: (points.left_hip!.x + points.right_hip!.x + points.left_shoulder!.x + points.right_shoulder!.x) / 4,
        y: (points.left_hip!.y + points.right_hip!.y + points.left_shoulder!.y + points.right_shoulder!.y) / 4,
      };
      const pack = path.join(dir, 'pack-front');
      mkdirSync(pack, { recursive: true });
      writeFileSync(path.join(pack, 'twin.json'), JSON.stringify({ poses: [] }));
      const input = { sessionId: s.sessionId, packDir: pack, poseId: 'walk', points, strokes: [] };

      // Nothing painted: both forearms of a pose square to the camera are suggested, the torso is not.
      const suggested = await handlers['ingest.savePose'](input);
      expect(suggested.front).toBe(path.join(pack, 'poses', 'walk.front.png'));
      const meta = await sharp(suggested.front!).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([s.width, s.height, 4]);
      const midForearm = { x: (wrist.x + elbow.x) / 2, y: (wrist.y + elbow.y) / 2 };
      expect(await alphaAt(suggested.front!, midForearm.x, midForearm.y)).toBeGreaterThan(200);
      expect(await alphaAt(suggested.front!, torso.x, torso.y)).toBe(0);
      const draft = JSON.parse(readFileSync(path.join(pack, 'twin.json'), 'utf8'));
      expect(draft.poses).toEqual([expect.objectContaining({ poseId: 'walk', front: 'poses/walk.front.png' })]);

      // The brush adds to the suggestion (the torso here), and only on the cut-out's own pixels.
      const frontStrokes = [
        { mode: 'add' as const, radius: 10, softness: 0, points: [torso] },
        { mode: 'add' as const, radius: 4, softness: 0, points: [{ x: 4, y: 4 }] },
      ];
      const saved = await handlers['ingest.savePose']({ ...input, frontStrokes });
      expect(await alphaAt(saved.front!, torso.x, torso.y)).toBe(await alphaAt(saved.image, torso.x, torso.y));
      expect(await alphaAt(saved.image, torso.x, torso.y)).toBeGreaterThan(200);
      expect(await alphaAt(saved.front!, midForearm.x, midForearm.y)).toBeGreaterThan(200);
      expect(await alphaAt(saved.front!, 4, 4)).toBe(0);

      // Rubbed out entirely, the mask goes with the pose's entry.
      const everything = { x: s.width / 2, y: s.height / 2 };
      const radius = Math.hypot(s.width, s.height);
      const cleared = await handlers['ingest.savePose']({
        ...input,
        frontStrokes: [{ mode: 'remove', radius, softness: 0, points: [everything] }],
      });
      expect(cleared.front).toBeNull();
      expect(existsSync(path.join(pack, 'poses', 'walk.front.png'))).toBe(false);
      expect(JSON.parse(readFileSync(path.join(pack, 'twin.json'), 'utf8')).poses[0].front).toBeUndefined();
    },
  );

  it('refuses a pose with a keypoint missing, and a session it does not hold, with typed errors', async () => {
    const s = await handlers['ingest.open']({ path: photo, kind: 'pose' });
    const points = Object.fromEntries(Object.entries(s.points).map(([n, p]) => [n, { x: p.x, y: p.y }]));
    delete points.left_ankle;
    const input = { sessionId: s.sessionId, packDir: path.join(dir, 'p2'), poseId: 'x1', points, strokes: [] };
    await expect(handlers['ingest.savePose'](input)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('missing left_ankle'),
    });
    const off = { ...input, points: { ...points, left_ankle: { x: -3, y: 20 }, nose: { x: 5, y: s.height + 2 } } };
    await expect(handlers['ingest.savePose'](off)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fields: ['points.nose', 'points.left_ankle'] },
    });
    const other = { ...input, sessionId: '00000000-0000-4000-8000-000000000000' };
    await expect(handlers['ingest.savePose'](other)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reads an uploaded photo and removes its staging folder; a damaged upload is refused in plain words', async () => {
    const staged = path.join(ws.layout.tmp, 'uploads', 'a1b2');
    mkdirSync(staged, { recursive: true });
    copyFileSync(photo, path.join(staged, 'front.png'));
    const s = await handlers['ingest.open']({ path: path.join(staged, 'front.png'), kind: 'pose' });
    expect(s.name).toBe('front.png');
    expect(existsSync(staged)).toBe(false);
    const broken = path.join(ws.layout.tmp, 'uploads', 'c3d4');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'torn.png'), readFileSync(photo).subarray(0, 300));
    const refused = handlers['ingest.open']({ path: path.join(broken, 'torn.png'), kind: 'pose' });
    await expect(refused).rejects.toMatchObject({ code: expect.stringMatching(/^IMAGE_/) });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining('uploads') });
    expect(existsSync(broken)).toBe(false);
    await expect(handlers['ingest.open']({ path: photo, kind: 'garment' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('imports a garment into the library from its landmarks', { timeout: 60_000 }, async () => {
    const shirt = path.join(dir, 'shirt.png');
    await sharp({ create: { width: 400, height: 500, channels: 3, background: '#c8c8c8' } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="500"><path d="M120 60 ' +
              'L280 60 L360 200 L300 220 L290 440 L110 440 L100 220 L40 200 Z" fill="#2a4d8f"/></svg>',
          ),
        },
      ])
      .png()
      .toFile(shirt);
    const s = await handlers['ingest.open']({ path: shirt, kind: 'garment', category: 'top' });
    expect(s.points.left_shoulder).toBeDefined();
    const points = Object.fromEntries(Object.entries(s.points).map(([n, p]) => [n, { x: p.x, y: p.y }]));
    const g = await handlers['ingest.saveGarment']({
      sessionId: s.sessionId,
      garmentId: 'ingested-top',
      sku: 'SKU-1',
      name: 'Blue top',
      layer: 'over',
      points,
      strokes: [],
    });
    expect(g.garmentId).toBe('ingested-top');
    expect(ws.catalog.garments().map((x) => x.garmentId)).toContain('ingested-top');
    // The landmarks placed are the ones saved; the view the studio previews it by is the body the render fits it to,
    // its shoulder joints inside and below the shoulder seams.
    expect(ws.catalog.garment('ingested-top').item.landmarks.left_shoulder).toEqual(points.left_shoulder);
    expect(g.keypoints).toEqual(previewBodyPoints(points, 'top'));
    expect(g.keypoints.left_shoulder!.y).toBeGreaterThan(points.left_shoulder!.y);
    expect(g.keypoints.left_shoulder!.x).toBeLessThan(points.left_shoulder!.x);
  });
});
