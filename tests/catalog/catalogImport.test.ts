import { mkdirSync, writeFileSync } from 'node:fs';
import { fixtureClock } from '../helpers/clock.ts';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../../src/workspace/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

const SCENE = { format: 'scene/1', sceneId: 'studio-test', name: 'Test studio', kind: 'studio', image: 'scene.png' };
const LIGHT = { direction: 90, softness: 0.5 };
const GOOD = { ...SCENE, width: 200, height: 300, floorY: 280, light: LIGHT, twinHeight: 240 };
const GARMENT = { format: 'garment/1', garmentId: 'tee-test', sku: 'TEE', name: 'Tee', category: 'top', layer: 'over' };
const flat = (channels: 3 | 4) => sharp({ create: { width: 200, height: 300, channels, background: '#8a8a90' } });

describe('catalog import checks the item against its image', () => {
  const tmp = tempDir();
  let ws: Workspace;
  let n = 0;
  const rgb = () => flat(3).png().toBuffer();
  const rgba = () => flat(4).png().toBuffer();
  const sceneDir = async (json: object, image: Buffer | Promise<Buffer> = rgb()) => {
    const dir = path.join(tmp.dir, `scene-${n++}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'scene.json'), JSON.stringify(json));
    writeFileSync(path.join(dir, 'scene.png'), await image);
    return dir;
  };

  beforeAll(() => {
    ws = createWorkspace(path.join(tmp.dir, 'ws'), fixtureClock);
  });
  afterAll(() => {
    ws.close();
    tmp.cleanup();
  });

  it('imports an RGB scene whose floor line and twin height fit the image', async () => {
    const imported = ws.catalog.importScene(await sceneDir(GOOD));
    await expect(imported).resolves.toMatchObject({ sceneId: 'studio-test', floorY: 280 });
  });

  it('refuses floorY below the bottom edge, naming the field', async () => {
    const error = ws.catalog.importScene(await sceneDir({ ...GOOD, floorY: 301 }));
    const details = { field: 'floorY', floorY: 301, height: 300 };
    await expect(error).rejects.toMatchObject({ code: 'SCENE_INVALID', details });
    await expect(error).rejects.toThrow(/Expected floorY between 0 and 300 .* but received 301/);
  });

  it('refuses a suggested twin taller than the floor line or too small to be a figure', async () => {
    for (const twinHeight of [281, 2]) {
      const error = ws.catalog.importScene(await sceneDir({ ...GOOD, twinHeight }));
      const details = { field: 'twinHeight', twinHeight };
      await expect(error).rejects.toMatchObject({ code: 'SCENE_INVALID', details });
    }
  });

  it('refuses an RGBA backdrop, and keeps the scene imported before', async () => {
    const error = ws.catalog.importScene(await sceneDir({ ...GOOD, name: 'With alpha' }, rgba()));
    const details = { field: 'image', channels: 4, hasAlpha: true };
    await expect(error).rejects.toMatchObject({ code: 'SCENE_INVALID', details });
    expect(ws.catalog.scene('studio-test').item.name).toBe('Test studio');
  });

  it('refuses a garment without alpha before it replaces the one already imported', async () => {
    const garment = { ...GARMENT, image: 'garment.png', width: 200, height: 300 };
    const keypoints = {
      left_shoulder: { x: 50, y: 40 },
      right_shoulder: { x: 150, y: 40 },
      left_hip: { x: 60, y: 250 },
    };
    const dir = path.join(tmp.dir, 'garment');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'garment.json'), JSON.stringify({ ...garment, keypoints }));
    writeFileSync(path.join(dir, 'garment.png'), await rgba());
    await ws.catalog.importGarment(dir);
    writeFileSync(path.join(dir, 'garment.png'), await rgb());
    const refused = ws.catalog.importGarment(dir);
    await expect(refused).rejects.toMatchObject({ code: 'GARMENT_INVALID', details: { field: 'image' } });
    expect(ws.catalog.garments().map((g) => g.garmentId)).toEqual(['tee-test']);
    await expect(sharp(ws.catalog.garment('tee-test').imagePath).metadata()).resolves.toMatchObject({ hasAlpha: true });
  });

  it('imports garment/2 with its landmarks and refuses one missing a landmark its category needs', async () => {
    const landmarks = {
      neck_center: { x: 100, y: 30 },
      neck_left: { x: 120, y: 10 },
      neck_right: { x: 80, y: 10 },
      left_shoulder: { x: 160, y: 20 },
      right_shoulder: { x: 40, y: 20 },
      left_armpit: { x: 150, y: 80 },
      right_armpit: { x: 50, y: 80 },
      left_cuff_outer: { x: 198, y: 120 },
      left_cuff_inner: { x: 170, y: 130 },
      right_cuff_outer: { x: 2, y: 120 },
      right_cuff_inner: { x: 30, y: 130 },
      left_hem: { x: 150, y: 290 },
      right_hem: { x: 50, y: 290 },
    };
    const garment = {
      ...GARMENT,
      format: 'garment/2',
      garmentId: 'tee-two',
      image: 'garment.png',
      width: 200,
      height: 300,
    };
    const dir = path.join(tmp.dir, 'garment-two');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'garment.png'), await rgba());
    const { left_hem: _hem, ...short } = landmarks;
    writeFileSync(path.join(dir, 'garment.json'), JSON.stringify({ ...garment, landmarks: short }));
    await expect(ws.catalog.importGarment(dir)).rejects.toMatchObject({ code: 'GARMENT_INVALID' });
    writeFileSync(path.join(dir, 'garment.json'), JSON.stringify({ ...garment, landmarks }));
    await expect(ws.catalog.importGarment(dir)).resolves.toMatchObject({ format: 'garment/2', landmarks });
    expect(ws.catalog.garment('tee-two').item.landmarks).toEqual(landmarks);
    // The garment/1 imported above reads back migrated: its keypoints became its joint landmarks.
    expect(ws.catalog.garment('tee-test').item).toMatchObject({
      format: 'garment/2',
      migratedFrom: 'garment/1',
      landmarks: { left_shoulder: { x: 50, y: 40 }, right_shoulder: { x: 150, y: 40 }, left_hip: { x: 60, y: 250 } },
    });
  });
});
