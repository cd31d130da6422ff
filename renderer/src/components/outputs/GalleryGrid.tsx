import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { OutputView } from '../../../../src/contract/index.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { GAP_PX, galleryLayout, keyTarget, visibleRows } from './galleryLayout.ts';

/** How far ahead of the end (in px) the next page is asked for, so scrolling rarely meets the end. */
const LOAD_AHEAD_PX = 1200;
/** Rows kept in the DOM above and below the view, so a fast scroll does not show empty rows. */
const OVERSCAN_ROWS = 2;
/** The grid's last measured width: a grid shown again (after the viewer) has its full height from the first frame. */
let lastWidth = 0;

/** Asks for the next page when the sentinel (after the last thumbnail) comes within reach of the scroller's view. */
function useLoadNear(scroller: HTMLElement | null, sentinel: RefObject<HTMLElement | null>) {
  const loadMore = useStudio((s) => s.loadMoreOutputs);
  const cursor = useStudio((s) => s.outputsCursor);
  const loading = useStudio((s) => s.outputsLoadingMore);
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !cursor || loading || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), {
      root: scroller,
      rootMargin: `0px 0px ${LOAD_AHEAD_PX}px 0px`,
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [scroller, sentinel, cursor, loading, loadMore]);
}

/** One thumbnail, placed by its row and column; memoised, so a scroll re-renders only the rows that come in. */
const GalleryItem = memo(function GalleryItem(props: {
  output: OutputView;
  shotName: string;
  src: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  active: boolean;
  onOpen: (output: OutputView) => void;
}) {
  const o = props.output;
  return (
    <button
      className={`gallery-item ${props.active ? 'active' : ''}`}
      id={`gallery-card-${o.outputId}`}
      role="option"
      aria-selected={props.active}
      tabIndex={-1}
      data-output-id={o.outputId}
      style={{ width: props.width, height: props.height, transform: `translate(${props.x}px, ${props.y}px)` }}
      onClick={() => props.onOpen(o)}
    >
      {props.src ? (
        <img src={props.src} alt={o.label} loading="lazy" decoding="async" />
      ) : (
        <span className="gallery-missing muted small">No preview: the file is not in the workspace</span>
      )}
      <span className="small">{props.shotName}</span>
      {/* One line (fixed row height): cut with an ellipsis where the card is narrow; the whole line on hover. */}
      <span className="muted small" title={`${plainDate(o.createdAt)} ${clock(o.createdAt)} · ${o.width}×${o.height}`}>
        {plainDate(o.createdAt)} {clock(o.createdAt)} · {o.width}×{o.height}
      </span>
    </button>
  );
});

/**
 * The grid shows thumbnails only; the full-size file is for the viewer. Virtual: every row has the same height, the
 * grid is as tall as all loaded outputs, and only the rows in view (and a few either side) are in the DOM. The keys
 * move the active output (arrows, Page Up/Down, Home/End; Enter opens it) across rows not yet in the DOM.
 */
export function GalleryGrid(props: {
  /** The element that scrolls the grid (state, not a ref: the grid measures it once it is there). */
  scroller: HTMLElement | null;
  activeId: string | null;
  onActive: (outputId: string) => void;
  onOpen: (output: OutputView) => void;
}) {
  const { scroller, activeId, onActive, onOpen } = props;
  const client = useClient();
  const outputs = useStudio((s) => s.outputs);
  const shots = useStudio((s) => s.shots);
  const cursor = useStudio((s) => s.outputsCursor);
  const loading = useStudio((s) => s.outputsLoadingMore);
  const loadMore = useStudio((s) => s.loadMoreOutputs);
  const sentinel = useRef<HTMLDivElement | null>(null);
  const grid = useRef<HTMLDivElement | null>(null);
  useLoadNear(scroller, sentinel);
  const [width, setWidth] = useState(lastWidth);
  const layout = galleryLayout(width, outputs.length);
  // Measured after layout (resize observer), read on scroll: a scroll never forces a layout.
  const metrics = useRef({ gridTop: 0, viewHeight: 0 });
  const [range, setRange] = useState({ first: 0, end: 0 });
  const layoutRef = useRef(layout);
  layoutRef.current = layout;

  const update = useCallback(() => {
    const el = scroller;
    if (!el) return;
    const { gridTop, viewHeight } = metrics.current;
    const next = visibleRows(layoutRef.current, el.scrollTop - gridTop, viewHeight, OVERSCAN_ROWS);
    setRange((r) => (r.first === next.first && r.end === next.end ? r : next));
  }, [scroller]);

  useLayoutEffect(() => {
    const el = scroller;
    const box = grid.current;
    if (!el || !box) return;
    const measure = () => {
      metrics.current = {
        gridTop: box.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop,
        viewHeight: el.clientHeight,
      };
      lastWidth = box.clientWidth;
      setWidth(box.clientWidth);
      update();
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    observer.observe(box);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, [scroller, update]);
  // More outputs (a page, a filter) change the rows there are.
  useLayoutEffect(update, [update, outputs.length, width]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (outputs.length === 0) return;
    const index = Math.max(
      0,
      outputs.findIndex((o) => o.outputId === activeId),
    );
    const current = outputs[index]!;
    if ((e.key === 'Enter' || e.key === ' ') && activeId) {
      e.preventDefault();
      onOpen(current);
      return;
    }
    const { gridTop, viewHeight } = metrics.current;
    const pageRows = Math.max(1, Math.floor(viewHeight / layout.rowHeight));
    const target = activeId ? keyTarget(e.key, index, outputs.length, layout.columns, pageRows) : 0;
    if (target === null) return;
    e.preventDefault();
    onActive(outputs[target]!.outputId);
    // Bring the row into view; the rows in the DOM follow at once, so the card is there to show as active.
    const el = scroller;
    if (!el) return;
    const top = gridTop + Math.floor(target / layout.columns) * layout.rowHeight;
    const bottom = top + layout.rowHeight - GAP_PX;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + viewHeight) el.scrollTop = bottom - viewHeight;
    update();
  };

  const names = new Map(shots.map((s) => [s.shotId, s.name]));
  const cards = [];
  const from = range.first * layout.columns;
  const to = Math.min(outputs.length, range.end * layout.columns);
  for (let i = from; i < to; i++) {
    const o = outputs[i]!;
    const column = i % layout.columns;
    cards.push(
      <GalleryItem
        key={o.outputId}
        output={o}
        shotName={names.get(o.shotId) ?? o.shotId}
        src={o.thumbnail ? client.fileUrl(o.thumbnail) : null}
        x={column * (layout.cardWidth + GAP_PX)}
        y={Math.floor(i / layout.columns) * layout.rowHeight}
        width={layout.cardWidth}
        height={layout.rowHeight - GAP_PX}
        active={o.outputId === activeId}
        onOpen={onOpen}
      />,
    );
  }
  const activeShown = cards.some((c) => c.key === activeId);
  return (
    <>
      <div
        ref={grid}
        className="gallery-window"
        role="listbox"
        aria-label="Outputs"
        aria-activedescendant={activeShown ? `gallery-card-${activeId}` : undefined}
        tabIndex={0}
        style={{ height: layout.height }}
        onKeyDown={onKeyDown}
        // A click keeps the keys on the grid: a focused card could leave the DOM as the grid scrolls.
        onMouseDown={(e) => {
          if (e.target !== e.currentTarget) {
            e.preventDefault();
            grid.current?.focus({ preventScroll: true });
          }
        }}
        data-testid="gallery-grid"
        data-loaded={outputs.length}
      >
        {cards}
      </div>
      <div ref={sentinel} className="gallery-end muted small" data-testid="gallery-end">
        {cursor &&
          (loading ? (
            'Loading more…'
          ) : (
            <button className="btn" onClick={() => void loadMore()}>
              Show more
            </button>
          ))}
      </div>
    </>
  );
}
