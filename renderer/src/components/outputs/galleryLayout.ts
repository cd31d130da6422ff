/** Card sizes of the gallery grid; the grid's CSS (`.gallery-window`) uses the same numbers. */
export const CARD_MIN_PX = 180;
export const GAP_PX = 12;
/** A card's padding and border around the thumbnail (6 px padding and 1 px border on each side). */
const CARD_CHROME_PX = 14;
/** Below the thumbnail: the shot name and the date line (two 11.5 px lines and their gaps). */
const CARD_TEXT_PX = 38;

export interface GalleryLayout {
  columns: number;
  cardWidth: number;
  /** One row: a card and the gap under it. Every row has this height, so a row's place is `row * rowHeight`. */
  rowHeight: number;
  rows: number;
  /** The height of the whole grid, every loaded output counted, as if every card were in the DOM. */
  height: number;
}

/** Columns as `repeat(auto-fill, minmax(180px, 1fr))` would make them, and a fixed row height from the card width. */
export function galleryLayout(width: number, count: number): GalleryLayout {
  const columns = Math.max(1, Math.floor((Math.max(width, CARD_MIN_PX) + GAP_PX) / (CARD_MIN_PX + GAP_PX)));
  const cardWidth = (Math.max(width, CARD_MIN_PX) - GAP_PX * (columns - 1)) / columns;
  const rowHeight = Math.round(((cardWidth - CARD_CHROME_PX) * 4) / 3) + CARD_CHROME_PX + CARD_TEXT_PX + GAP_PX;
  const rows = Math.ceil(count / columns);
  return { columns, cardWidth, rowHeight, rows, height: Math.max(0, rows * rowHeight - GAP_PX) };
}

/** The rows [first, end) to keep in the DOM: those in the view (`top` is the view's top within the grid) and `overscan`
 * rows either side. */
export function visibleRows(
  layout: GalleryLayout,
  top: number,
  viewHeight: number,
  overscan: number,
): { first: number; end: number } {
  const first = Math.max(0, Math.floor(top / layout.rowHeight) - overscan);
  const end = Math.min(layout.rows, Math.ceil((top + viewHeight) / layout.rowHeight) + overscan);
  return { first: Math.min(first, end), end };
}

/** The index the keys move to from `index` among `count` cards in `columns` columns; null for a key the grid ignores. */
export function keyTarget(key: string, index: number, count: number, columns: number, pageRows: number): number | null {
  const last = count - 1;
  const to = (i: number) => Math.max(0, Math.min(last, i));
  switch (key) {
    case 'ArrowRight':
      return to(index + 1);
    case 'ArrowLeft':
      return to(index - 1);
    case 'ArrowDown':
      return to(index + columns);
    case 'ArrowUp':
      return to(index - columns);
    case 'PageDown':
      return to(index + columns * pageRows);
    case 'PageUp':
      return to(index - columns * pageRows);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
