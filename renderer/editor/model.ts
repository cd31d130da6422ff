import type { Keypoints, Shot } from '../../src/contract/index.ts';
import { apply, floorLineY, footing, multiply, twinMatrix, type Matrix } from '../../src/contract/placement.ts';
import { similarityFit, type Rect } from './geometry.ts';
import type { Point } from '../../src/contract/index.ts';

export type LayerId = 'twin' | `garment:${string}`;

export interface SizedKeypoints {
  width: number;
  height: number;
  keypoints: Keypoints;
}
/** A pose image: also where its soles are (one past the figure's lowest row), when the library says. */
export interface PoseAsset extends SizedKeypoints {
  image: string;
  name: string;
  solesY?: number;
}
export interface GarmentAsset extends SizedKeypoints {
  name: string;
  category: string;
  layer: 'under' | 'over';
  image: string;
}

/** What the editor needs to know about the images a shot names (sizes and keypoints, not pixels). */
export interface EditorAssets {
  pose: PoseAsset | null;
  scene: { width: number; height: number; floorY: number; image: string; name: string } | null;
  garments: Record<string, GarmentAsset>;
}

export interface Layer {
  id: LayerId;
  name: string;
  kind: 'twin' | 'garment';
  hidden: boolean;
  z: number;
  image: string | null;
  size: { width: number; height: number };
  /** What selection and hit tests use, in image pixels: the figure for the twin (a pose image is mostly empty), the whole image for a garment. */
  bounds: Rect;
  /** Image pixels → output pixels. */
  matrix: Matrix;
  /** Image pixels → pose pixels (garments only): the fitted position on the body. */
  local: Matrix | null;
}

export const garmentLayerId = (garmentId: string): LayerId => `garment:${garmentId}`;
export const garmentIdOf = (id: LayerId): string | null =>
  id.startsWith('garment:') ? id.slice('garment:'.length) : null;

/** The layers of a shot, bottom to top: the twin, then garments by z. Rendering is a function of this. */
export function layersOf(shot: Shot, assets: EditorAssets, transform = shot.twin.transform): Layer[] {
  const pose = assets.pose;
  if (!pose) return [];
  const body = twinMatrix(transform, pose);
  const layers: Layer[] = [
    {
      id: 'twin',
      name: pose.name,
      kind: 'twin',
      hidden: shot.twin.hidden,
      z: -Infinity,
      image: pose.image,
      size: pose,
      bounds: figureBounds(pose),
      matrix: body,
      local: null,
    },
  ];
  const sorted = [...shot.garments].sort((a, b) => a.z - b.z);
  for (const g of sorted) {
    const asset = assets.garments[g.garmentId];
    if (!asset) continue;
    const fit = similarityFit(asset.keypoints, pose.keypoints);
    if (!fit) continue;
    layers.push({
      id: garmentLayerId(g.garmentId),
      name: asset.name,
      kind: 'garment',
      hidden: g.hidden,
      z: g.z,
      image: asset.image,
      size: asset,
      bounds: { x: 0, y: 0, width: asset.width, height: asset.height },
      matrix: multiply(body, fit),
      local: fit,
    });
  }
  return layers;
}

/** The figure inside a pose image: the keypoints' box, widened for limbs and the head above the eyes, kept inside the image. */
export function figureBounds(pose: SizedKeypoints): Rect {
  const pts = Object.values(pose.keypoints).filter((p): p is Point => p !== undefined);
  if (pts.length === 0) return { x: 0, y: 0, width: pose.width, height: pose.height };
  const margin = 0.06 * pose.height;
  const x0 = Math.max(0, Math.min(...pts.map((p) => p.x)) - margin);
  const x1 = Math.min(pose.width, Math.max(...pts.map((p) => p.x)) + margin);
  const y0 = Math.max(0, Math.min(...pts.map((p) => p.y)) - margin * 1.6);
  const y1 = Math.min(pose.height, Math.max(...pts.map((p) => p.y)) + margin);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The floor line in output pixels: the scene covers the output, centre-cropped, as the render places it. */
export function floorLine(shot: Shot, assets: EditorAssets): number | null {
  return assets.scene ? floorLineY(assets.scene, shot.output) : null;
}

/** Where the figure's feet are, in output pixels: its soles (the ankles standing in) under the transform. */
export function feetY(shot: Shot, assets: EditorAssets, transform = shot.twin.transform): number | null {
  const pose = assets.pose;
  if (!pose) return null;
  const foot = footing(pose);
  return apply(twinMatrix(transform, pose), { x: foot.x, y: foot.solesY }).y;
}
