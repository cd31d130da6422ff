import { div255, type SparseLayer } from './blend.ts';
import { TILE_OPACITY, TILE_TEXT, type Box } from './labelLayout.ts';
import type { LabelCoverage } from './label.ts';

// The proof mark: one rasterised tile of "AI-GENERATED", cut into sparse layers for an image width and repeated
// from (0, 0) over the frame, so drawing it costs time linear in the pixels whatever the frame's size.

const TILE_FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/**
 * One tile of the proof mark: "AI-GENERATED" at −30°, in two staggered rows, each word also drawn one tile
 * over on every side so the tile repeats without a seam (translations by whole tiles keep the same sub-pixel
 * phase, so the copies rasterise to the same pixels). The mark over any frame is this tile repeated from (0, 0).
 */
export function markTileSize(shortSide: number): { width: number; height: number; fontSize: number } {
  const fontSize = Math.max(8, Math.round(shortSide * 0.032));
  return { width: 2 * Math.round(8 * fontSize), height: 2 * Math.round(4.6 * fontSize), fontSize };
}

export function tileSvg(shortSide: number): Buffer {
  const { width: w, height: h, fontSize: fs } = markTileSize(shortSide);
  const stroke = Math.max(1, fs * 0.08).toFixed(1);
  const words: string[] = [];
  for (const [bx, by] of [
    [w / 4, h / 4],
    [(3 * w) / 4, (3 * h) / 4],
  ] as const) {
    for (const dy of [-h, 0, h]) {
      for (const dx of [-w, 0, w]) {
        const x = bx + dx;
        const y = by + dy + fs * 0.35;
        words.push(
          `<text x="${x}" y="${y}" transform="rotate(-30 ${x} ${y - fs * 0.35})" text-anchor="middle" ` +
            `font-family="${TILE_FONT_FAMILY}" font-weight="bold" font-size="${fs}" fill="#ffffff" stroke="#000000" ` +
            `stroke-width="${stroke}" paint-order="stroke">${TILE_TEXT}</text>`,
        );
      }
    }
  }
  // Group opacity flattens fill and stroke first, so no pixel of the mark exceeds TILE_OPACITY.
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><g opacity="${TILE_OPACITY}">${words.join('')}</g></svg>`,
  );
}

/**
 * The proof mark's tile as sparse layers for one image width: its pixels indexed with the image's row stride,
 * so one list blends any whole tile at any offset; and the lists cut for the last column, the last row and the
 * corner, where tiles run off the image.
 */
export interface MarkTiles {
  tileWidth: number;
  tileHeight: number;
  /** Tile-local indices (y * tileWidth + x), for drawing windows of the mark. */
  local: SparseLayer;
  full: SparseLayer;
  right: SparseLayer;
  bottom: SparseLayer;
  corner: SparseLayer;
}

/** The entries [index, k] of a sparse layer: pixel k of `layer`, at a new index. */
function pickAt(layer: SparseLayer, entries: readonly (readonly [number, number])[]): SparseLayer {
  const n = entries.length;
  const out: SparseLayer = {
    indices: new Uint32Array(n),
    premultiplied: new Uint16Array(n * 3),
    rgba: new Uint8Array(n * 4),
  };
  entries.forEach(([index, k], n) => {
    out.indices[n] = index;
    out.premultiplied.set(layer.premultiplied.subarray(k * 3, k * 3 + 3), n * 3);
    out.rgba.set(layer.rgba.subarray(k * 4, k * 4 + 4), n * 4);
  });
  return out;
}

function pick(layer: SparseLayer, keep: (k: number) => boolean, index: (k: number) => number): SparseLayer {
  const entries: [number, number][] = [];
  for (let k = 0; k < layer.indices.length; k++) if (keep(k)) entries.push([index(k), k]);
  return pickAt(layer, entries);
}

export function markTiles(
  local: SparseLayer,
  tileWidth: number,
  tileHeight: number,
  width: number,
  height: number,
): MarkTiles {
  const xOf = (k: number) => (local.indices[k] as number) % tileWidth;
  const yOf = (k: number) => Math.floor((local.indices[k] as number) / tileWidth);
  const strided = (k: number) => yOf(k) * width + xOf(k);
  // The last column and row of tiles start at these offsets and keep what lies inside the image.
  const restX = width - tileWidth * Math.floor((width - 1) / tileWidth);
  const restY = height - tileHeight * Math.floor((height - 1) / tileHeight);
  return {
    tileWidth,
    tileHeight,
    local,
    full: pick(local, () => true, strided),
    right: pick(local, (k) => xOf(k) < restX, strided),
    bottom: pick(local, (k) => yOf(k) < restY, strided),
    corner: pick(local, (k) => xOf(k) < restX && yOf(k) < restY, strided),
  };
}

interface MarkInstance {
  x: number;
  y: number;
  layer: SparseLayer;
}

/** Every tile of the mark over the image: its offset and the list that blends it. */
export function* markInstances(tiles: MarkTiles, width: number, height: number): Generator<MarkInstance> {
  for (let y = 0; y < height; y += tiles.tileHeight) {
    const lastRow = y + tiles.tileHeight >= height;
    for (let x = 0; x < width; x += tiles.tileWidth) {
      const lastCol = x + tiles.tileWidth >= width;
      yield { x, y, layer: lastRow ? (lastCol ? tiles.corner : tiles.bottom) : lastCol ? tiles.right : tiles.full };
    }
  }
}

/** The mark's pixels that fall in `box`, as a sparse layer indexed in the box (row stride box.width). */
export function markWindow(tiles: MarkTiles, box: Box): SparseLayer {
  const { local, tileWidth, tileHeight } = tiles;
  const entries: [number, number][] = [];
  for (let ty = Math.floor(box.top / tileHeight) * tileHeight; ty < box.top + box.height; ty += tileHeight) {
    for (let tx = Math.floor(box.left / tileWidth) * tileWidth; tx < box.left + box.width; tx += tileWidth) {
      for (let k = 0; k < local.indices.length; k++) {
        const i = local.indices[k] as number;
        const x = tx + (i % tileWidth) - box.left;
        const y = ty + Math.floor(i / tileWidth) - box.top;
        if (x >= 0 && y >= 0 && x < box.width && y < box.height) entries.push([y * box.width + x, k]);
      }
    }
  }
  return pickAt(local, entries);
}

/**
 * The proof mark's pixels outside the plate: there it is the only blend, so over black (0) and over white (255)
 * it leaves div255(premultiplied) and div255(premultiplied + 255 · (255 − a)), as blendSparse computes them.
 */
export type MarkCoverage = Pick<LabelCoverage, 'indices' | 'onBlack' | 'onWhite'>;

export function markOutside(tiles: MarkTiles, width: number, height: number, box: Box): MarkCoverage {
  const inBox = (index: number): boolean => {
    const x = index % width;
    const y = (index - x) / width;
    return x >= box.left && x < box.left + box.width && y >= box.top && y < box.top + box.height;
  };
  // Counted first, so the result is three typed arrays of its final size (a large frame's mark is millions of pixels).
  let count = 0;
  for (const { x, y, layer } of markInstances(tiles, width, height)) {
    const base = y * width + x;
    for (let k = 0; k < layer.indices.length; k++) if (!inBox(base + (layer.indices[k] as number))) count++;
  }
  const indices = new Uint32Array(count);
  const onBlack = new Uint8Array(count * 3);
  const onWhite = new Uint8Array(count * 3);
  let n = 0;
  for (const { x, y, layer } of markInstances(tiles, width, height)) {
    const base = y * width + x;
    for (let k = 0; k < layer.indices.length; k++) {
      const index = base + (layer.indices[k] as number);
      if (inBox(index)) continue;
      const ia = 255 - (layer.rgba[k * 4 + 3] as number);
      indices[n] = index;
      for (let c = 0; c < 3; c++) {
        const pre = layer.premultiplied[k * 3 + c] as number;
        onBlack[n * 3 + c] = div255(pre);
        onWhite[n * 3 + c] = div255(pre + 255 * ia);
      }
      n++;
    }
  }
  return { indices, onBlack, onWhite };
}
