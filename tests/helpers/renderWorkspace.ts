import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll } from 'vitest';
import { publicPart } from '../../src/crypto/index.ts';
import { placeTwinOnFloor, type Shot } from '../../src/shots/index.ts';
import { signPackFolder, type Coco17Name, type Point } from '../../src/twins/index.ts';
import { createSessionCache, type SessionCache } from '../../src/render/models.ts';
import { createWorkspace, type Workspace } from '../../src/workspace/index.ts';
import { FIXTURE_NOW } from './clock.ts';
import {
  consentAround,
  consentDraft,
  makeLicence,
  makeTrust,
  tempDir,
  type LicenceDraft,
  type TrustFixture,
} from './fixtures.ts';

export const RENDER_NOW = FIXTURE_NOW;

/** A 128×192 mannequin's keypoints (×f); COCO left/right are the figure's own, so its left is image right. */
function poseKeypoints(f: number): Record<Coco17Name, Point> {
  const k: Record<Coco17Name, [number, number]> = {
    nose: [64, 24],
    left_eye: [69, 19],
    right_eye: [59, 19],
    left_ear: [76, 21],
    right_ear: [52, 21],
    left_shoulder: [88, 46],
    right_shoulder: [40, 46],
    left_elbow: [100, 78],
    right_elbow: [28, 78],
    left_wrist: [104, 108],
    right_wrist: [24, 108],
    left_hip: [78, 104],
    right_hip: [50, 104],
    left_knee: [80, 142],
    right_knee: [48, 142],
    left_ankle: [80, 176],
    right_ankle: [48, 176],
  };
  return Object.fromEntries(Object.entries(k).map(([n, [x, y]]) => [n, { x: x * f, y: y * f }])) as Record<
    Coco17Name,
    Point
  >;
}

async function drawPose(f: number): Promise<Buffer> {
  const skin = '#dcb9a0';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${128 * f}" height="${192 * f}" viewBox="0 0 128 192">
    <g fill="${skin}" stroke="${skin}" stroke-linecap="round" stroke-linejoin="round">
      <circle cx="64" cy="22" r="14" stroke="none"/>
      <rect x="58" y="32" width="12" height="14" stroke="none"/>
      <path d="M40 44 L88 44 L82 106 L46 106 Z" stroke-width="6"/>
      <path d="M40 46 L28 78 L24 108" fill="none" stroke-width="11"/>
      <path d="M88 46 L100 78 L104 108" fill="none" stroke-width="11"/>
      <path d="M50 104 L48 142 L48 176" fill="none" stroke-width="15"/>
      <path d="M78 104 L80 142 L80 176" fill="none" stroke-width="15"/>
      <path d="M42 176 L58 176 L60 186 L38 186 Z" stroke-width="3"/>
      <path d="M74 176 L90 176 L92 186 L70 186 Z" stroke-width="3"/>
    </g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A 120×120 (×f) blue T-shirt laid flat, shoulders near the top corners, hem at the bottom. */
async function drawGarment(f: number): Promise<{ png: Buffer; keypoints: Partial<Record<Coco17Name, Point>> }> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${120 * f}" height="${120 * f}" viewBox="0 0 120 120">
    <path d="M44 4 Q60 16 76 4 L98 10 L118 40 L102 50 L92 36 L92 116 L28 116 L28 36 L18 50 L2 40 L22 10 Z" fill="#2850c8"/>
    <path d="M44 4 Q60 16 76 4" fill="none" stroke="#1a3490" stroke-width="3"/>
    <rect x="28" y="60" width="64" height="6" fill="#f0f0f0"/></svg>`;
  const k: Partial<Record<Coco17Name, [number, number]>> = {
    right_shoulder: [24, 12],
    left_shoulder: [96, 12],
    right_hip: [32, 112],
    left_hip: [88, 112],
  };
  const keypoints = Object.fromEntries(Object.entries(k).map(([n, [x, y]]) => [n, { x: x * f, y: y * f }]));
  return { png: await sharp(Buffer.from(svg)).png().toBuffer(), keypoints };
}

/** The test tee's construction landmarks (garment/2), on the outline drawGarment draws. */
function teeLandmarks(f: number): Record<string, Point> {
  const l: Record<string, [number, number]> = {
    neck_center: [60, 16],
    neck_left: [76, 4],
    neck_right: [44, 4],
    left_shoulder: [98, 10],
    right_shoulder: [22, 10],
    left_armpit: [92, 36],
    right_armpit: [28, 36],
    left_cuff_outer: [118, 40],
    left_cuff_inner: [102, 50],
    right_cuff_outer: [2, 40],
    right_cuff_inner: [18, 50],
    left_hem: [92, 116],
    right_hem: [28, 116],
  };
  return Object.fromEntries(Object.entries(l).map(([n, [x, y]]) => [n, { x: x * f, y: y * f }]));
}

async function drawScene(width: number, height: number): Promise<Buffer> {
  const floor = Math.round(height * 0.82);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="w" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e8dcc8"/><stop offset="1" stop-color="#c8b496"/></linearGradient>
    <linearGradient id="f" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#a08060"/><stop offset="1" stop-color="#806040"/></linearGradient></defs>
    <rect width="${width}" height="${floor}" fill="url(#w)"/><rect y="${floor}" width="${width}" height="${height - floor}" fill="url(#f)"/></svg>`;
  return sharp(Buffer.from(svg)).removeAlpha().png().toBuffer();
}

export interface RenderWorkspace {
  ws: Workspace;
  fx: TrustFixture;
  shot: Shot;
  /** Source folders the catalog was imported from. */
  dirs: { pack: string; garment: string; scene: string };
}

/**
 * A workspace with one twin (a body-shaped pose, `poseScale` × 128×192), one T-shirt garment, one scene,
 * a valid licence and a shot standing the twin on the floor, ready to render.
 */
export async function makeRenderWorkspace(
  root: string,
  options: {
    output?: { width: number; height: number };
    poseScale?: number;
    now?: () => Date;
    licence?: Partial<LicenceDraft>;
    /** 'garment/2': the tee carries its landmarks and is fitted part by part (torso, sleeves). */
    garmentFormat?: 'garment/1' | 'garment/2';
    /** The scene's light (default: from the upper right, half soft). */
    light?: { direction: number; softness: number };
    /** A front-parts mask on the pose: a disc of this radius (pose pixels ÷ poseScale) at the torso's centre. */
    frontDisc?: number;
  } = {},
): Promise<RenderWorkspace> {
  const output = options.output ?? { width: 256, height: 384 };
  const f = options.poseScale ?? 1;
  const fx = makeTrust();
  const now = options.now ?? (() => RENDER_NOW);
  const ws = createWorkspace(path.join(root, 'ws'), now);
  ws.trust.pinRegistryKey(publicPart(fx.registryKey));
  ws.trust.saveOwnerList(fx.ownerList);

  const pack = path.join(root, 'pack');
  mkdirSync(path.join(pack, 'poses'), { recursive: true });
  const keypoints = poseKeypoints(f);
  writeFileSync(path.join(pack, 'poses', 'front.png'), await drawPose(f));
  writeFileSync(
    path.join(pack, 'poses', 'front.json'),
    JSON.stringify({ poseId: 'front', width: 128 * f, height: 192 * f, keypoints }),
  );
  const pose = { poseId: 'front', name: 'Front', image: 'poses/front.png', keypoints: 'poses/front.json' };
  if (options.frontDisc !== undefined) {
    const k = keypoints;
    const cx = (k.left_shoulder.x + k.right_shoulder.x + k.left_hip.x + k.right_hip.x) / 4;
    const cy = (k.left_shoulder.y + k.right_shoulder.y + k.left_hip.y + k.right_hip.y) / 4;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${128 * f}" height="${192 * f}">` +
      `<circle cx="${cx}" cy="${cy}" r="${options.frontDisc * f}" fill="#fff"/></svg>`;
    writeFileSync(
      path.join(pack, 'poses', 'front.front.png'),
      await sharp(Buffer.from(svg)).ensureAlpha().png().toBuffer(),
    );
  }
  const manifest = await signPackFolder(
    pack,
    {
      format: 'twinpack/1',
      twinId: 'twin-render',
      displayName: 'Render Mannequin',
      owner: { name: 'Test Owner', agency: 'Test Agency' },
      consent: consentDraft(consentAround(now())),
      poses: [options.frontDisc === undefined ? pose : { ...pose, front: 'poses/front.front.png' }],
    },
    fx.ownerKey,
  );
  await ws.twins.import(pack);
  await ws.licences.import(makeLicence(fx.registryKey, manifest, options.licence));

  const garment = path.join(root, 'garment');
  mkdirSync(garment, { recursive: true });
  const tee = await drawGarment(f);
  writeFileSync(path.join(garment, 'garment.png'), tee.png);
  writeFileSync(
    path.join(garment, 'garment.json'),
    JSON.stringify({
      format: options.garmentFormat ?? 'garment/1',
      garmentId: 'tee-blue',
      sku: 'TEE-1',
      name: 'Blue tee',
      category: 'top',
      layer: 'over',
      image: 'garment.png',
      width: 120 * f,
      height: 120 * f,
      keypoints: tee.keypoints,
      ...(options.garmentFormat === 'garment/2' ? { landmarks: teeLandmarks(f) } : {}),
    }),
  );
  await ws.catalog.importGarment(garment);

  const sceneDir = path.join(root, 'scene');
  mkdirSync(sceneDir, { recursive: true });
  const sw = Math.round(output.width * 1.25);
  const sh = Math.round(output.height * 1.25);
  writeFileSync(path.join(sceneDir, 'scene.png'), await drawScene(sw, sh));
  const sceneItem = {
    format: 'scene/1',
    sceneId: 'studio-warm',
    name: 'Warm studio',
    kind: 'studio',
    image: 'scene.png',
    width: sw,
    height: sh,
    floorY: Math.round(sh * 0.9),
    light: options.light ?? { direction: 60, softness: 0.5 },
    twinHeight: sh * 0.62,
  } as const;
  writeFileSync(path.join(sceneDir, 'scene.json'), JSON.stringify(sceneItem));
  await ws.catalog.importScene(sceneDir);

  const transform = placeTwinOnFloor({ width: 128 * f, height: 192 * f, keypoints, crownY: 8 * f }, sceneItem, output);
  const shot: Shot = {
    format: 'shot/2',
    revision: 0,
    shotId: 'shot-render-1',
    name: 'Render test',
    scene: { sceneId: 'studio-warm' },
    twin: { twinId: 'twin-render', poseId: 'front', licenceId: 'lic-test-1', transform, hidden: false },
    garments: [{ garmentId: 'tee-blue', z: 1, fit: 'tps', hidden: false }],
    look: { shadow: 0.6, harmonize: 0.5 },
    output,
    use: { channel: 'ecommerce', territory: 'EU' },
    sku: 'TEE-1',
    labels: {},
  };
  ws.shots.save(shot);
  return { ws, fx, shot, dirs: { pack, garment, scene: sceneDir } };
}

export interface RenderFixture {
  /** The temporary folder the workspace lives in (removed after the block). */
  dir: string;
  fx: RenderWorkspace;
  /** CPU sessions on the project's committed models. */
  sessions: SessionCache;
}

/**
 * A render workspace in a temporary folder and CPU sessions on `models/`, made before the enclosing describe block's
 * tests and released after them. The fields are set once the block's beforeAll has run.
 */
export function useRenderFixture(prefix: string, options?: Parameters<typeof makeRenderWorkspace>[1]): RenderFixture {
  const fixture = {} as RenderFixture;
  let cleanup = (): void => {};
  beforeAll(async () => {
    const tmp = tempDir(prefix);
    cleanup = tmp.cleanup;
    fixture.dir = tmp.dir;
    fixture.fx = await makeRenderWorkspace(tmp.dir, options);
    fixture.sessions = createSessionCache({ modelsDir: path.resolve('models'), providers: ['cpu'] });
  });
  afterAll(async () => {
    await fixture.sessions?.release();
    fixture.fx?.ws.close();
    cleanup();
  });
  return fixture;
}

/** The fixture's shot wearing `count` copies of its tee, one layer each, stacked in z order. */
export function withTees(shot: Shot, count: number): Shot {
  return {
    ...shot,
    garments: Array.from({ length: count }, (_, z) => ({
      garmentId: 'tee-blue',
      z,
      fit: 'tps' as const,
      hidden: false,
    })),
  };
}
