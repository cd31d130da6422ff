import { memo, useEffect, useRef, type RefObject } from 'react';
import type { OutputView } from '../../../../src/contract/index.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';

/** How far ahead of the end (in px) the next page is asked for, so scrolling rarely meets the end. */
const LOAD_AHEAD_PX = 1200;

/** Asks for the next page when the sentinel (after the last thumbnail) comes within reach of the scroller's view. */
function useLoadNear(scroller: RefObject<HTMLElement | null>, sentinel: RefObject<HTMLElement | null>) {
  const loadMore = useStudio((s) => s.loadMoreOutputs);
  const cursor = useStudio((s) => s.outputsCursor);
  const loading = useStudio((s) => s.outputsLoadingMore);
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !cursor || loading || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), {
      root: scroller.current,
      rootMargin: `0px 0px ${LOAD_AHEAD_PX}px 0px`,
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [scroller, sentinel, cursor, loading, loadMore]);
}

/** One thumbnail; memoised, so a page appended to the grid renders only its own items. */
const GalleryItem = memo(function GalleryItem(props: {
  output: OutputView;
  shotName: string;
  src: string | null;
  onOpen: (output: OutputView) => void;
}) {
  const o = props.output;
  return (
    <button className="gallery-item" onClick={() => props.onOpen(o)}>
      {props.src ? (
        <img src={props.src} alt={o.label} loading="lazy" decoding="async" />
      ) : (
        <span className="gallery-missing muted small">No preview: the file is not in the workspace</span>
      )}
      <span className="small">{props.shotName}</span>
      <span className="muted small">
        {plainDate(o.createdAt)} {clock(o.createdAt)} · {o.width}×{o.height}
      </span>
    </button>
  );
});

/** The grid shows thumbnails only; the full-size file is for the viewer. */
export function GalleryGrid(props: { scroller: RefObject<HTMLElement | null>; onOpen: (output: OutputView) => void }) {
  const client = useClient();
  const outputs = useStudio((s) => s.outputs);
  const shots = useStudio((s) => s.shots);
  const cursor = useStudio((s) => s.outputsCursor);
  const loading = useStudio((s) => s.outputsLoadingMore);
  const loadMore = useStudio((s) => s.loadMoreOutputs);
  const sentinel = useRef<HTMLDivElement | null>(null);
  useLoadNear(props.scroller, sentinel);
  const names = new Map(shots.map((s) => [s.shotId, s.name]));
  return (
    <>
      <div className="gallery">
        {outputs.map((o) => (
          <GalleryItem
            key={o.outputId}
            output={o}
            shotName={names.get(o.shotId) ?? o.shotId}
            src={o.thumbnail ? client.fileUrl(o.thumbnail) : null}
            onOpen={props.onOpen}
          />
        ))}
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
