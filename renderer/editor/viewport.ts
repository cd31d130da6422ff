import type { Point } from '../../src/contract/index.ts';

/** Screen = doc · zoom + pan. */
export interface Viewport {
  zoom: number;
  panX: number;
  panY: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;

export const toDoc = (v: Viewport, p: Point): Point => ({ x: (p.x - v.panX) / v.zoom, y: (p.y - v.panY) / v.zoom });
export const toScreen = (v: Viewport, p: Point): Point => ({ x: p.x * v.zoom + v.panX, y: p.y * v.zoom + v.panY });

export function fit(
  view: { width: number; height: number },
  doc: { width: number; height: number },
  padding = 32,
): Viewport {
  const zoom = clampZoom(Math.min((view.width - padding * 2) / doc.width, (view.height - padding * 2) / doc.height));
  return { zoom, panX: (view.width - doc.width * zoom) / 2, panY: (view.height - doc.height * zoom) / 2 };
}

export function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Number.isFinite(z) && z > 0 ? z : 1));
}

/** Zooms by `factor` keeping the doc point under `anchor` (screen) still. */
export function zoomAt(v: Viewport, anchor: Point, factor: number): Viewport {
  const zoom = clampZoom(v.zoom * factor);
  const doc = toDoc(v, anchor);
  return { zoom, panX: anchor.x - doc.x * zoom, panY: anchor.y - doc.y * zoom };
}
