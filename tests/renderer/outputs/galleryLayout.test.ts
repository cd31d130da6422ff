import { describe, expect, it } from 'vitest';
import { galleryLayout, keyTarget, visibleRows } from '../../../renderer/src/components/outputs/galleryLayout.ts';

describe('gallery layout', () => {
  it('makes as many 180 px columns as fit, like auto-fill, and one row height for every row', () => {
    const wide = galleryLayout(1400, 100_000);
    expect(wide.columns).toBe(7); // 7 × 180 + 6 × 12 = 1332 ≤ 1400 < 8 × 180 + 7 × 12
    expect(wide.cardWidth * 7 + 12 * 6).toBeCloseTo(1400);
    expect(wide.rows).toBe(Math.ceil(100_000 / 7));
    expect(wide.height).toBe(wide.rows * wide.rowHeight - 12);
    expect(galleryLayout(100, 5).columns).toBe(1);
    expect(galleryLayout(0, 0)).toMatchObject({ rows: 0, height: 0 });
  });

  it('keeps only the rows in view and the overscan, however far the grid has scrolled', () => {
    const layout = galleryLayout(1400, 100_000);
    const far = visibleRows(layout, layout.rowHeight * 10_000 + 5, 900, 2);
    expect(far.first).toBe(9_998);
    expect(far.end - far.first).toBeLessThanOrEqual(Math.ceil(900 / layout.rowHeight) + 1 + 4);
    expect(visibleRows(layout, -200, 900, 2).first).toBe(0);
    const end = visibleRows(layout, layout.height + 5_000, 900, 2);
    expect(end.end).toBe(layout.rows);
    expect(end.first).toBeLessThanOrEqual(end.end);
  });

  it('moves by a card, a row and a page, and stops at the ends', () => {
    expect(keyTarget('ArrowRight', 3, 20, 7, 3)).toBe(4);
    expect(keyTarget('ArrowDown', 3, 20, 7, 3)).toBe(10);
    expect(keyTarget('ArrowDown', 15, 20, 7, 3)).toBe(19);
    expect(keyTarget('ArrowUp', 3, 20, 7, 3)).toBe(0);
    expect(keyTarget('PageDown', 0, 100, 7, 3)).toBe(21);
    expect(keyTarget('End', 0, 100, 7, 3)).toBe(99);
    expect(keyTarget('Home', 50, 100, 7, 3)).toBe(0);
    expect(keyTarget('x', 5, 100, 7, 3)).toBeNull();
  });
});
