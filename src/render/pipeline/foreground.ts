import { castPoint } from '../light/sceneLight.ts';
import type { Pixels } from '../tensors.ts';
import { evalTps, fitTps, type Point } from '../tps.ts';
import type { PreparedShot } from './prepareShot.ts';

/**
 * Where a render's foreground (the twin, its garments, the contact shadow at its feet, its cast shadow) may lie: a coarse grid over
 * the frame, one byte per cell, 1 where any of it may fall. The stamp keeps the AI badge off these cells
 * (src/provenance/foreground.ts reads the same shape). Conservative by construction: a cell is marked when any
 * opaque block of a layer may land in it, then grown by a cell, and around the feet by the shadow's blur.
 */
export interface CoverageGrid {
  cols: number;
  rows: number;
  cells: Uint8Array;
}

/** Cells along the frame's long side: ~16 px at 1536, fine enough to find a corner beside a figure. */
const LONG_SIDE_CELLS = 96;
/** Source blocks along a layer's long side: each block's centre is carried into the frame. */
const LAYER_BLOCKS = 96;
/** An alpha above this (of 255) counts as foreground. */
const ALPHA_MIN = 8;

interface Layer {
  image: Pixels;
  dest: Point[];
  src: Point[];
  regularization: number;
}

/** Marks the cells a layer's opaque blocks land in, carried by the forward spline (layer → frame). */
function markLayer(grid: CoverageGrid, frame: { width: number; height: number }, layer: Layer): void {
  const { image } = layer;
  if (image.channels !== 4) return;
  const block = Math.max(1, Math.ceil(Math.max(image.width, image.height) / LAYER_BLOCKS));
  const forward = fitTps(layer.src, layer.dest, { regularization: layer.regularization });
  const { ax, ay } = forward.affine;
  const scale = Math.max(Math.hypot(ax.x, ax.y), Math.hypot(ay.x, ay.y)) * forward.invScale;
  const cellW = frame.width / grid.cols;
  const cellH = frame.height / grid.rows;
  // A block lands as a patch about block × scale across; its centre reaches any cell within that radius.
  const reach = block * scale * 0.75;
  const step = Math.max(1, block >> 1);
  for (let by = 0; by < image.height; by += block) {
    for (let bx = 0; bx < image.width; bx += block) {
      let opaque = false;
      for (let y = by; y < Math.min(image.height, by + block) && !opaque; y += step) {
        for (let x = bx; x < Math.min(image.width, bx + block) && !opaque; x += step) {
          opaque = (image.data[(y * image.width + x) * 4 + 3] as number) > ALPHA_MIN;
        }
      }
      if (!opaque) continue;
      const p = evalTps(forward, bx + block / 2, by + block / 2);
      const c0 = Math.max(0, Math.floor((p.x - reach) / cellW));
      const c1 = Math.min(grid.cols - 1, Math.floor((p.x + reach) / cellW));
      const r0 = Math.max(0, Math.floor((p.y - reach) / cellH));
      const r1 = Math.min(grid.rows - 1, Math.floor((p.y + reach) / cellH));
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) grid.cells[r * grid.cols + c] = 1;
    }
  }
}

/** Grows the marked cells by `cols` × `rows` cells, within rows [from, to). */
function grow(grid: CoverageGrid, cols: number, rows: number, from = 0, to = grid.rows): void {
  const source = Uint8Array.from(grid.cells);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      if (!source[r * grid.cols + c]) continue;
      for (let y = Math.max(from, r - rows); y <= Math.min(to - 1, r + rows); y++) {
        for (let x = Math.max(0, c - cols); x <= Math.min(grid.cols - 1, c + cols); x++) {
          grid.cells[y * grid.cols + x] = 1;
        }
      }
    }
  }
}

/**
 * The foreground of a prepared shot over its frame (the output; on the upscale path the half-size frame, which
 * covers the same picture). The twin is placed by an affine map, each garment by its spline, as the render does.
 */
export function foregroundCoverage(
  inputs: PreparedShot,
  regularization: { tps: number; affine: number },
): CoverageGrid {
  const frame = inputs.output;
  const long = Math.max(frame.width, frame.height);
  const grid: CoverageGrid = {
    cols: Math.max(1, Math.round((LONG_SIDE_CELLS * frame.width) / long)),
    rows: Math.max(1, Math.round((LONG_SIDE_CELLS * frame.height) / long)),
    cells: new Uint8Array(0),
  };
  grid.cells = new Uint8Array(grid.cols * grid.rows);
  if (inputs.twin) markLayer(grid, frame, { ...inputs.twin, regularization: regularization.affine });
  for (const g of inputs.garments) {
    markLayer(grid, frame, { image: g.image, dest: g.dest, src: g.src, regularization: regularization[g.fit] });
  }
  grow(grid, 1, 1);
  // The contact shadow spreads the alpha of the rows around the floor line (± band) by its blur (≈ 3σ).
  const { floorY, band, sigma } = inputs.shadow;
  const cellH = frame.height / grid.rows;
  const reach = band + 3 * sigma;
  const cellW = frame.width / grid.cols;
  const fromRow = Math.max(0, Math.floor((floorY - reach) / cellH));
  const toRow = Math.min(grid.rows, Math.ceil((floorY + reach) / cellH) + 1);
  grow(grid, Math.ceil((3 * sigma) / cellW), Math.ceil((3 * sigma) / cellH), fromRow, toRow);
  markCast(grid, inputs, regularization.affine);
  return grid;
}

/** The cast shadow: the twin carried onto the floor by the shadow's affine map, grown by its blur (≈ 3σ). */
function markCast(grid: CoverageGrid, inputs: PreparedShot, regularization: number): void {
  const cast = inputs.sceneLight?.cast;
  if (!inputs.twin || !cast || !(cast.strength > 0) || !(cast.dy > 1e-3)) return;
  const frame = inputs.output;
  const shadow: CoverageGrid = { ...grid, cells: new Uint8Array(grid.cells.length) };
  const dest = inputs.twin.dest.map((p) => castPoint(cast, p));
  markLayer(shadow, frame, { image: inputs.twin.image, dest, src: inputs.twin.src, regularization });
  grow(
    shadow,
    Math.ceil((3 * cast.sigma) / (frame.width / grid.cols)) + 1,
    Math.ceil((3 * cast.sigma) / (frame.height / grid.rows)) + 1,
  );
  for (let i = 0; i < grid.cells.length; i++) grid.cells[i] = (grid.cells[i] as number) | (shadow.cells[i] as number);
}
