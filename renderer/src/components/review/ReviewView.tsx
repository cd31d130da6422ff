import { useEffect, type MouseEvent } from 'react';
import type { ReviewFilter } from '../../store/types.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { Unavailable } from '../common/Unavailable.tsx';
import { BatchBar } from './BatchBar.tsx';
import { ColourLabels, Stars } from './Marks.tsx';
import { ReviewFilters } from './ReviewFilters.tsx';
import { ReviewViewer } from './ReviewViewer.tsx';
import { StateBadge } from './StateBadge.tsx';
import { useReviewKeys } from './useReviewKeys.ts';

const FILTERS: { id: ReviewFilter; label: string }[] = [
  { id: 'generated', label: 'To review' },
  { id: 'approved', label: 'Approved' },
  { id: 'rejected', label: 'Rejected' },
  { id: 'all', label: 'All' },
];

/** The grid: a click opens an output; shift-click selects a run, ctrl/cmd-click adds or removes one. */
function ReviewGrid() {
  const client = useClient();
  const items = useStudio((s) => s.reviewItems);
  const status = useStudio((s) => s.reviewStatus);
  const filter = useStudio((s) => s.reviewFilter);
  const shots = useStudio((s) => s.shots);
  const selected = useStudio((s) => s.reviewSelected);
  const cursor = useStudio((s) => s.reviewCursor);
  const open = useStudio((s) => s.openReview);
  const select = useStudio((s) => s.selectReview);
  const more = useStudio((s) => s.loadMoreReview);
  if (status.state === 'ready' && items.length === 0) {
    return (
      <div className="empty">
        {filter === 'generated' ? 'Nothing waiting for review.' : `No ${filter === 'all' ? '' : `${filter} `}outputs.`}
      </div>
    );
  }
  const onClick = (e: MouseEvent, outputId: string) => {
    if (e.shiftKey) select(outputId, 'range');
    else if (e.ctrlKey || e.metaKey) select(outputId, 'toggle');
    else open(outputId);
  };
  return (
    <>
      <div className="gallery" data-testid="review-grid">
        {items.map((o) => (
          <button
            key={o.outputId}
            className={`gallery-item review-item ${o.state} ${selected.includes(o.outputId) ? 'selected' : ''}`}
            onClick={(e) => onClick(e, o.outputId)}
            onDoubleClick={() => open(o.outputId)}
            aria-pressed={selected.includes(o.outputId)}
            data-testid="review-item"
            data-output-id={o.outputId}
          >
            <img src={client.fileUrl(o.thumbnail ?? o.file)} alt={o.label} />
            <span className="review-item-head">
              <span className="small">{shots.find((s) => s.shotId === o.shotId)?.name ?? o.shotId}</span>
              <StateBadge state={o.state} />
            </span>
            <span className="review-item-head">
              <Stars rating={o.rating ?? 0} />
              <ColourLabels colour={o.colour ?? null} />
            </span>
            <span className="muted small">
              {plainDate(o.createdAt)} {clock(o.createdAt)}
              {o.stateBy ? ` · ${o.stateBy}` : ''}
            </span>
          </button>
        ))}
      </div>
      {cursor && (
        <div className="gallery-end">
          <button className="btn" onClick={() => void more()} data-testid="review-more">
            More
          </button>
        </div>
      )}
    </>
  );
}

/** Review mode: the grid filtered by state and the filters, a batch bar for a selection, or one output open. */
export function ReviewView() {
  const filter = useStudio((s) => s.reviewFilter);
  const setFilter = useStudio((s) => s.setReviewFilter);
  const refresh = useStudio((s) => s.refreshReview);
  const status = useStudio((s) => s.reviewStatus);
  const openId = useStudio((s) => s.reviewOpen);
  const selected = useStudio((s) => s.reviewSelected.length);
  const open = useStudio((s) => s.reviewItems.find((o) => o.outputId === s.reviewOpen) ?? null);
  useReviewKeys();
  useEffect(() => {
    // Back at the grid (or arriving), show the state the core has now: decided outputs move between filters.
    if (openId === null) void refresh();
  }, [openId, refresh]);
  return (
    <main className="review-view" data-testid="review">
      {!open && (
        <div className="review-top">
          <div className="review-filters" role="tablist">
            {FILTERS.map((f) => (
              <button
                key={f.id}
                role="tab"
                aria-selected={filter === f.id}
                className={`view-tab ${filter === f.id ? 'active' : ''}`}
                onClick={() => void setFilter(f.id)}
                data-testid={`filter-${f.id}`}
              >
                {f.label}
              </button>
            ))}
          </div>
          <ReviewFilters />
        </div>
      )}
      {!open && selected > 0 && <BatchBar />}
      <Unavailable what="review" status={status} />
      {open ? <ReviewViewer output={open} /> : <ReviewGrid />}
    </main>
  );
}
