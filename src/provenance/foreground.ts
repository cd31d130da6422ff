import { StudioError } from '../errors/index.ts';

/**
 * Where the figure and its garments (with their contact shadow) may lie in a frame: a coarse grid over the
 * frame, one byte per cell, 1 where any foreground pixel may fall. Made by the render from the layers' alpha
 * (src/render/pipeline/foreground.ts); the badge goes in a corner it leaves clear. The grid is in frame
 * fractions, so it holds for the frame at any size (an upscaled render, an export's fit).
 */
export interface ForegroundMask {
  cols: number;
  rows: number;
  /** cols × rows, row by row: 1 foreground may be there, 0 clear. */
  cells: Uint8Array;
}

/** A rectangle in fractions of the frame: [0, 1] on each axis. */
export interface FrameBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

const MAX_CELLS = 1 << 16;

export function checkMask(mask: ForegroundMask): ForegroundMask {
  const { cols, rows, cells } = mask;
  const sized = Number.isInteger(cols) && Number.isInteger(rows) && cols >= 1 && rows >= 1 && cols * rows <= MAX_CELLS;
  if (!sized || !(cells instanceof Uint8Array) || cells.length !== cols * rows) {
    throw new StudioError(
      'FOREGROUND_MASK_INVALID',
      `Expected a foreground grid of at most ${MAX_CELLS} cells with one byte per cell, got ${cols}×${rows} with ${cells?.length} bytes`,
      { cols, rows },
    );
  }
  return mask;
}

/** Share of the cells a box touches that may hold foreground (0 when the box lies wholly on clear cells). */
export function maskCoverage(mask: ForegroundMask, box: FrameBox): number {
  // A box edge on a cell edge touches only the cells inside: fractions such as 0.4 + 0.2 land a hair past it.
  const EDGE = 1e-9;
  const x0 = Math.max(0, Math.floor(box.left * mask.cols + EDGE));
  const y0 = Math.max(0, Math.floor(box.top * mask.rows + EDGE));
  const x1 = Math.min(mask.cols, Math.ceil((box.left + box.width) * mask.cols - EDGE));
  const y1 = Math.min(mask.rows, Math.ceil((box.top + box.height) * mask.rows - EDGE));
  let total = 0;
  let set = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      total++;
      set += mask.cells[y * mask.cols + x] ? 1 : 0;
    }
  }
  return total === 0 ? 0 : set / total;
}

/**
 * The mask of a frame cut out of this one: `view` is the new frame in fractions of the old (a cover crop lies
 * inside [0, 1], a contain fit reaches outside it, onto bars that hold no foreground). Same grid resolution.
 */
export function reframeMask(mask: ForegroundMask, view: FrameBox): ForegroundMask {
  const { cols, rows } = mask;
  const cells = new Uint8Array(cols * rows);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      // The new cell, in fractions of the old frame, clipped to it.
      const left = Math.max(0, view.left + (x / cols) * view.width);
      const top = Math.max(0, view.top + (y / rows) * view.height);
      const right = Math.min(1, view.left + ((x + 1) / cols) * view.width);
      const bottom = Math.min(1, view.top + ((y + 1) / rows) * view.height);
      if (right <= left || bottom <= top) continue;
      cells[y * cols + x] = maskCoverage(mask, { left, top, width: right - left, height: bottom - top }) > 0 ? 1 : 0;
    }
  }
  return { cols, rows, cells };
}

/** The mask as the XMP carries it: `COLSxROWS:` and the cells as bits (row by row, MSB first) in base64. */
export function encodeMask(mask: ForegroundMask): string {
  const bits = new Uint8Array(Math.ceil(mask.cells.length / 8));
  mask.cells.forEach((v, i) => {
    if (v) bits[i >> 3] = (bits[i >> 3] as number) | (0x80 >> (i & 7));
  });
  return `${mask.cols}x${mask.rows}:${Buffer.from(bits).toString('base64')}`;
}

/** The mask from its XMP form; undefined when the text is not one (a file from elsewhere, an edited packet). */
export function decodeMask(text: string | undefined): ForegroundMask | undefined {
  const m = text === undefined ? null : /^(\d{1,4})x(\d{1,4}):([A-Za-z0-9+/=]*)$/.exec(text);
  if (!m) return undefined;
  const cols = Number(m[1]);
  const rows = Number(m[2]);
  const bits = Buffer.from(m[3] as string, 'base64');
  if (cols < 1 || rows < 1 || cols * rows > MAX_CELLS || bits.length !== Math.ceil((cols * rows) / 8)) return undefined;
  const cells = new Uint8Array(cols * rows);
  for (let i = 0; i < cells.length; i++) cells[i] = ((bits[i >> 3] as number) >> (7 - (i & 7))) & 1;
  return { cols, rows, cells };
}
