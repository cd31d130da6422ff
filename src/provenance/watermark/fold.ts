import { TILE, TILE_CHIPS } from './params.ts';
import type { Plane } from './raster.ts';

/**
 * Folds a plane into one TILE x TILE tile, reading it on a grid of pitch `scale` (work pixels per
 * tile chip), centred on the plane and shifted by (dx, dy) chips. The mark repeats every TILE chips,
 * so at the right pitch its copies add up coherently while the image content averages out.
 */
export function foldPlane(plane: Plane, scale: number, dx: number, dy: number): Float64Array {
  const { width: w, height: h, data } = plane;
  const cols = Math.max(1, Math.floor((w - 2) / scale));
  const rows = Math.max(1, Math.floor((h - 2) / scale));
  const u0 = (w - 1 - (cols - 1) * scale) / 2 + dx * scale;
  const v0 = (h - 1 - (rows - 1) * scale) / 2 + dy * scale;

  const colIndex = new Int32Array(cols);
  const colFrac = new Float64Array(cols);
  const colSlot = new Int32Array(cols);
  for (let i = 0; i < cols; i++) {
    const u = Math.min(Math.max(u0 + i * scale, 0), w - 1.000001);
    colIndex[i] = Math.floor(u);
    colFrac[i] = u - Math.floor(u);
    colSlot[i] = i % TILE;
  }
  const fold = new Float64Array(TILE_CHIPS);
  const line = new Float64Array(w);
  for (let j = 0; j < rows; j++) {
    const v = Math.min(Math.max(v0 + j * scale, 0), h - 1.000001);
    const r0 = Math.floor(v) * w;
    const r1 = Math.min(h - 1, Math.floor(v) + 1) * w;
    const t = v - Math.floor(v);
    for (let x = 0; x < w; x++) line[x] = data[r0 + x]! * (1 - t) + data[r1 + x]! * t;
    const base = (j % TILE) * TILE;
    for (let i = 0; i < cols; i++) {
      const k = colIndex[i]!;
      const f = colFrac[i]!;
      fold[base + colSlot[i]!]! += line[k]! * (1 - f) + line[k + 1]! * f;
    }
  }
  return fold;
}
