/**
 * Zoom and pan shared by every pane of the viewer (side by side, wipe): one view, each pane draws its own image
 * with it, so two images of different sizes stay on the same spot at the same zoom.
 */
export interface PaneView {
  /** Screen pixels per image pixel; null fits the image in the pane. */
  zoom: number | null;
  /** The image point (0..1 of width and height) at the pane's centre. */
  cx: number;
  cy: number;
}

export const FIT_VIEW: PaneView = { zoom: null, cx: 0.5, cy: 0.5 };
export const ZOOM_LIMITS = { min: 0.05, max: 8 } as const;
const PAD = 8;

export interface FrameRect {
  scale: number;
  w: number;
  h: number;
  left: number;
  top: number;
}

/** Where the image lies in the pane: centred when smaller than the pane, else kept covering it (no empty side). */
export function frameRect(box: { w: number; h: number }, image: { w: number; h: number }, view: PaneView): FrameRect {
  const fit = Math.max(0.01, Math.min((box.w - 2 * PAD) / image.w, (box.h - 2 * PAD) / image.h));
  const scale = view.zoom ?? fit;
  const w = Math.round(image.w * scale);
  const h = Math.round(image.h * scale);
  const place = (room: number, size: number, centre: number) =>
    size <= room - 2 * PAD ? (room - size) / 2 : Math.min(0, Math.max(room - size, room / 2 - centre * size));
  return { scale, w, h, left: place(box.w, w, view.cx), top: place(box.h, h, view.cy) };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The view after dragging the image by (dx, dy) screen pixels. */
export function panBy(view: PaneView, frame: FrameRect, dx: number, dy: number): PaneView {
  if (view.zoom === null) return view;
  return { ...view, cx: clamp01(view.cx - dx / frame.w), cy: clamp01(view.cy - dy / frame.h) };
}

/** The view after zooming by `factor` about a pane point (x, y): the image point under it stays under it. */
export function zoomAt(
  view: PaneView,
  frame: FrameRect,
  box: { w: number; h: number },
  factor: number,
  at: { x: number; y: number },
): PaneView {
  const zoom = Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, frame.scale * factor));
  const px = (at.x - frame.left) / frame.w;
  const py = (at.y - frame.top) / frame.h;
  const w = (frame.w / frame.scale) * zoom;
  const h = (frame.h / frame.scale) * zoom;
  return { zoom, cx: clamp01(px - (at.x - box.w / 2) / w), cy: clamp01(py - (at.y - box.h / 2) / h) };
}

/** The wipe divider (0..1 of the pane's width) as a share of the image frame: where the second image starts. */
export function wipeInFrame(at: number, boxWidth: number, frame: FrameRect): number {
  return clamp01((at * boxWidth - frame.left) / frame.w);
}

/**
 * Where a second image of another shape lies in a wipe: fitted whole inside the first image's frame and centred
 * (as CSS `object-fit: contain` draws it), never stretched to the first one's aspect.
 */
export function containedIn(frame: FrameRect, image: { w: number; h: number }): FrameRect {
  const scale = Math.min(frame.w / image.w, frame.h / image.h);
  const w = image.w * scale;
  const h = image.h * scale;
  return { scale, w, h, left: frame.left + (frame.w - w) / 2, top: frame.top + (frame.h - h) / 2 };
}
