import type { Shot, Transform } from '../../src/contract/index.ts';
import { feetY, floorLine, type EditorAssets } from './model.ts';

export interface Guide {
  axis: 'x' | 'y';
  at: number;
  label: 'centre' | 'middle' | 'floor';
}

/** How close (in screen pixels) a moving figure must come to a guide to snap to it. */
export const SNAP_PX = 8;

/**
 * Snaps a moved twin: its centre to the frame's vertical centre line, its feet to the scene's floor line
 * (else its centre to the horizontal middle). Returns the guides that caught it, for the canvas to draw.
 */
export function snapMove(
  candidate: Transform,
  shot: Shot,
  assets: EditorAssets,
  zoom: number,
): { transform: Transform; guides: Guide[] } {
  const threshold = SNAP_PX / zoom;
  const guides: Guide[] = [];
  let { x, y } = candidate;
  const centreX = shot.output.width / 2;
  if (Math.abs(x - centreX) <= threshold) {
    x = centreX;
    guides.push({ axis: 'x', at: centreX, label: 'centre' });
  }
  const floor = floorLine(shot, assets);
  const feet = feetY(shot, assets, candidate);
  if (floor !== null && feet !== null && Math.abs(feet - floor) <= threshold) {
    y += floor - feet;
    guides.push({ axis: 'y', at: floor, label: 'floor' });
  } else if (Math.abs(y - shot.output.height / 2) <= threshold) {
    y = shot.output.height / 2;
    guides.push({ axis: 'y', at: y, label: 'middle' });
  }
  return { transform: { ...candidate, x, y }, guides };
}

/** Rotation snaps to 15° steps with Shift, and to 0° when close without it. */
export function snapRotation(degrees: number, shift: boolean): number {
  if (shift) return Math.round(degrees / 15) * 15;
  return Math.abs(degrees) < 2 ? 0 : degrees;
}
