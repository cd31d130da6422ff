import { loftSvg, streetSvg } from './lifestyle.ts';
import { FLOOR_Y, H, W, studioSvg } from './studio.ts';
import type { StudioColours } from './studio.ts';
import sharp from 'sharp';
import { noiseTile, renderRgb } from './svg.ts';
import { expectedFor, StudioError } from '../../errors/index.ts';

export type SceneLight = { direction: number; softness: number };
export type DemoScene = { sceneId: string; name: string; kind: 'studio' | 'lifestyle'; light: SceneLight };
export type SceneArt = {
  png: Buffer;
  width: number;
  height: number;
  floorY: number;
  light: SceneLight;
  twinHeight: number;
};

const STUDIO: Record<string, StudioColours> = {
  'studio-warm-grey': { wallTop: '#8e877f', wall: '#bdb5ab', floor: '#c9c1b6', floorNear: '#a79f95', shade: '#3b352f' },
  'studio-powder-blue': {
    wallTop: '#7f97ad',
    wall: '#b3c6d6',
    floor: '#c2d2df',
    floorNear: '#9fb2c2',
    shade: '#263443',
  },
  'studio-blush': { wallTop: '#b58f89', wall: '#e2c4bd', floor: '#ead1ca', floorNear: '#c9aca5', shade: '#4a2f2b' },
};

export const DEMO_SCENES: readonly DemoScene[] = [
  {
    sceneId: 'studio-warm-grey',
    name: 'Studio, warm grey paper',
    kind: 'studio',
    light: { direction: 120, softness: 0.8 },
  },
  {
    sceneId: 'studio-powder-blue',
    name: 'Studio, powder blue paper',
    kind: 'studio',
    light: { direction: 120, softness: 0.8 },
  },
  { sceneId: 'studio-blush', name: 'Studio, blush paper', kind: 'studio', light: { direction: 120, softness: 0.8 } },
  { sceneId: 'street-sunlit', name: 'Sunlit city street', kind: 'lifestyle', light: { direction: 150, softness: 0.3 } },
  {
    sceneId: 'loft-window',
    name: 'Loft with a big window',
    kind: 'lifestyle',
    light: { direction: 160, softness: 0.65 },
  },
];

/**
 * Draws a scene at any size: the 1024×1536 design is scaled to cover the size and centred, so a 2:3
 * size scales cleanly (vectors, not pixels) and other shapes crop the edges.
 */
export async function drawScene(
  id: string,
  size: { width: number; height: number } = { width: W, height: H },
): Promise<SceneArt> {
  const scene = DEMO_SCENES.find((s) => s.sceneId === id);
  if (!scene)
    throw new StudioError(
      'DEMO_SCENE_UNKNOWN',
      expectedFor(`one of ${DEMO_SCENES.map((s) => s.sceneId).join(', ')}`, 'the demo scene', id),
      { sceneId: id },
    );
  if (!(
    Number.isInteger(size.width) &&
    Number.isInteger(size.height) &&
    size.width >= 16 &&
    size.height >= 16 &&
    size.width * size.height <= 64e6
  )) {
    throw new StudioError(
      'DEMO_SCENE_SIZE',
      `Expected whole-pixel width and height of at least 16 px and at most 64 MP but got ${size.width}×${size.height}`,
      { ...size },
    );
  }
  const grain = await noiseTile(5);
  const studio = STUDIO[id];
  const k = Math.max(size.width / W, size.height / H);
  const dx = (size.width - W * k) / 2;
  const dy = (size.height - H * k) / 2;
  const doc = (inner: string): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">` +
    `<g transform="translate(${dx} ${dy}) scale(${k})">${inner}</g></svg>`;
  let png: Buffer;
  if (studio) {
    png = await renderRgb(doc(studioSvg(studio, grain)));
  } else {
    // librsvg's blur costs ~1 s on a full canvas; libvips blurs the back layer in a few milliseconds.
    const set = id === 'street-sunlit' ? streetSvg(grain) : loftSvg(grain);
    const back = await sharp(Buffer.from(doc(set.back)))
      .blur(set.blur * k)
      .png({ compressionLevel: 1 })
      .toBuffer();
    const front = await sharp(Buffer.from(doc(set.front)))
      .png({ compressionLevel: 1 })
      .toBuffer();
    png = await sharp(back)
      .composite([{ input: front }])
      .removeAlpha()
      .png({ compressionLevel: 6 })
      .toBuffer();
  }
  return {
    png,
    width: size.width,
    height: size.height,
    floorY: Math.round(FLOOR_Y * k + dy),
    light: { ...scene.light },
    twinHeight: Math.round(H * 0.85 * k),
  };
}
