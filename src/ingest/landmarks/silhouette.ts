import { labelComponents } from '../components.ts';

/** A garment's silhouette: the largest connected part of its alpha ≥ ½, with per-row and per-column profiles. */
export interface Silhouette {
  width: number;
  height: number;
  mask: Uint8Array;
  /** Bounding box of the silhouette (inclusive). */
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface Run {
  start: number;
  end: number;
}

/** The silhouette of an RGBA cut-out (straight alpha), keeping only its largest 4-connected part. */
export function silhouetteOf(rgba: Uint8Array, width: number, height: number): Silhouette {
  const n = width * height;
  const raw = new Uint8Array(n);
  for (let p = 0; p < n; p++) raw[p] = rgba[p * 4 + 3]! >= 128 ? 1 : 0;
  const { label: comp, sizes } = labelComponents(raw, width, height);
  let best = 0;
  sizes.forEach((size, id) => {
    if (id > 0 && size > (sizes[best] ?? 0)) best = id;
  });
  const mask = new Uint8Array(n);
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let p = 0; p < n; p++) {
    if (comp[p] !== best || best === 0) continue;
    mask[p] = 1;
    const x = p % width;
    const y = (p - x) / width;
    if (y < top) top = y;
    bottom = y;
    if (x < left) left = x;
    if (x > right) right = x;
  }
  return { width, height, mask, top, bottom, left, right };
}

/** The runs of silhouette pixels along row y, left to right. */
export function rowRuns(s: Silhouette, y: number): Run[] {
  const runs: Run[] = [];
  const row = y * s.width;
  let start = -1;
  for (let x = 0; x <= s.width; x++) {
    const on = x < s.width && s.mask[row + x] === 1;
    if (on && start < 0) start = x;
    if (!on && start >= 0) {
      runs.push({ start, end: x - 1 });
      start = -1;
    }
  }
  return runs;
}

/** The first silhouette row from the top in column x (or −1). */
export function topAt(s: Silhouette, x: number): number {
  for (let y = s.top; y <= s.bottom; y++) if (s.mask[y * s.width + x]) return y;
  return -1;
}

/** The run of row y holding column x, if any. */
export function runAt(s: Silhouette, y: number, x: number): Run | undefined {
  return rowRuns(s, y).find((r) => r.start <= x && x <= r.end);
}

/**
 * The outer contour of the silhouette, clockwise in image coordinates, as pixel centres (Moore-neighbour tracing
 * from the top-left pixel, stopping when the start is re-entered the way it was first left).
 */
export function outerContour(s: Silhouette): { x: number; y: number }[] {
  const { width: w, height: h, mask } = s;
  const at = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < w && y < h && mask[y * w + x] === 1;
  let sx = -1;
  const sy = s.top;
  for (let x = 0; x < w; x++) {
    if (at(x, sy)) {
      sx = x;
      break;
    }
  }
  if (sx < 0) return [];
  // Directions clockwise starting west: W, NW, N, NE, E, SE, S, SW.
  const dx = [-1, -1, 0, 1, 1, 1, 0, -1];
  const dy = [0, -1, -1, -1, 0, 1, 1, 1];
  const out: { x: number; y: number }[] = [];
  let x = sx;
  let y = sy;
  let last = 4; // as if we had arrived moving east: the scan starts north, all background above the top row
  const limit = 8 * (w + h) * 4;
  for (let step = 0; step < limit; step++) {
    out.push({ x, y });
    let moved = false;
    const start = (last + 6) % 8;
    for (let k = 0; k < 8; k++) {
      const d = (start + k) % 8;
      if (at(x + dx[d]!, y + dy[d]!)) {
        x += dx[d]!;
        y += dy[d]!;
        last = d;
        moved = true;
        break;
      }
    }
    if (!moved || (x === sx && y === sy)) break;
  }
  return out;
}
