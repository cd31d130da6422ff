import { describe, expect, it } from 'vitest';
import {
  containedIn,
  FIT_VIEW,
  frameRect,
  panBy,
  wipeInFrame,
  zoomAt,
} from '../../../renderer/src/components/review/viewMath.ts';

const box = { w: 800, h: 600 };
const image = { w: 1000, h: 1500 };

describe('review pane view (shared zoom and pan)', () => {
  it('fits the image inside the pane and centres it', () => {
    const f = frameRect(box, image, FIT_VIEW);
    expect(f.h).toBe(584);
    expect(f.left).toBeCloseTo((800 - f.w) / 2);
    expect(f.top).toBeCloseTo(8);
  });

  it('puts the view centre at the pane centre when zoomed, never leaving an empty side', () => {
    const f = frameRect(box, image, { zoom: 1, cx: 0.5, cy: 0.5 });
    expect([f.w, f.h, f.left, f.top]).toEqual([1000, 1500, -100, -450]);
    const corner = frameRect(box, image, { zoom: 1, cx: 0, cy: 0 });
    expect([corner.left, corner.top]).toEqual([0, 0]);
    const far = frameRect(box, image, { zoom: 1, cx: 1, cy: 1 });
    expect([far.left, far.top]).toEqual([-200, -900]);
  });

  it('pans by screen pixels and does nothing at fit', () => {
    const view = { zoom: 2, cx: 0.5, cy: 0.5 };
    const f = frameRect(box, image, view);
    expect(panBy(view, f, -200, 300)).toEqual({ zoom: 2, cx: 0.6, cy: 0.4 });
    expect(panBy(FIT_VIEW, frameRect(box, image, FIT_VIEW), 50, 50)).toBe(FIT_VIEW);
  });

  it('zooms about the pointer: the image point under it stays under it', () => {
    const view = { zoom: 1, cx: 0.5, cy: 0.5 };
    const before = frameRect(box, image, view);
    const at = { x: 600, y: 200 };
    const px = (at.x - before.left) / before.w;
    const py = (at.y - before.top) / before.h;
    const next = zoomAt(view, before, box, 2, at);
    expect(next.zoom).toBe(2);
    const after = frameRect(box, image, next);
    expect(after.left + px * after.w).toBeCloseTo(at.x, 5);
    expect(after.top + py * after.h).toBeCloseTo(at.y, 5);
  });

  it('places the wipe divider in frame terms, clamped to the image', () => {
    const f = frameRect(box, image, FIT_VIEW);
    expect(wipeInFrame(0.5, box.w, f)).toBeCloseTo(0.5);
    expect(wipeInFrame(0, box.w, f)).toBe(0);
    expect(wipeInFrame(1, box.w, f)).toBe(1);
  });

  it("fits a wipe image of another shape inside the first one's frame, centred and unstretched", () => {
    const f = frameRect(box, image, { zoom: 0.5, cx: 0.5, cy: 0.5 });
    // A square output over a 2:3 one: as wide as the frame, centred in its height.
    const square = containedIn(f, { w: 2048, h: 2048 });
    expect(square.w).toBeCloseTo(f.w);
    expect(square.h).toBeCloseTo(f.w);
    expect(square.left).toBeCloseTo(f.left);
    expect(square.top + square.h / 2).toBeCloseTo(f.top + f.h / 2);
    expect(square.w / square.h).toBeCloseTo(1);
    // A landscape one is as wide as the frame, and a twice-as-large one of the same shape fills it exactly.
    const wide = containedIn(f, { w: 1600, h: 900 });
    expect(wide.w / wide.h).toBeCloseTo(16 / 9);
    expect(wide.w).toBeCloseTo(f.w);
    const same = containedIn(f, { w: 2000, h: 3000 });
    expect([same.w, same.h, same.left, same.top]).toEqual([f.w, f.h, f.left, f.top]);
    expect(same.scale).toBeCloseTo(f.scale / 2);
  });
});
