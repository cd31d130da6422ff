import { useEffect } from 'react';
import type { ReviewFilter } from '../../store/types.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { Unavailable } from '../common/Unavailable.tsx';
import { ReviewViewer } from './ReviewViewer.tsx';
import { StateBadge } from './StateBadge.tsx';
import { useReviewKeys } from './useReviewKeys.ts';

const FILTERS: { id: ReviewFilter; label: string }[] = [
  { id: 'generated', label: 'To review' },
  { id: 'approved', label: 'Approved' },
  { id: 'rejected', label: 'Rejected' },
  { id: 'all', label: 'All' },
];

function ReviewGrid() {
  const client = useClient();
  const items = useStudio((s) => s.reviewItems);
  const status = useStudio((s) => s.reviewStatus);
  const filter = useStudio((s) => s.reviewFilter);
  const shots = useStudio((s) => s.shots);
  const open = useStudio((s) => s.openReview);
  if (status.state === 'ready' && items.length === 0) {
    return (
      <div className="empty">
        {filter === 'generated' ? 'Nothing waiting for review.' : `No ${filter === 'all' ? '' : `${filter} `}outputs.`}
      </div>
    );
  }
  return (
    <div className="gallery" data-testid="review-grid">
      {items.map((o) => (
        <button
          key={o.outputId}
          className={`gallery-item review-item ${o.state}`}
          onClick={() => open(o.outputId)}
          data-testid="review-item"
          data-output-id={o.outputId}
        >
          <img src={client.fileUrl(o.thumbnail ?? o.file)} alt={o.label} />
          <span className="review-item-head">
            <span className="small">{shots.find((s) => s.shotId === o.shotId)?.name ?? o.shotId}</span>
            <StateBadge state={o.state} />
          </span>
          <span className="muted small">
            {plainDate(o.createdAt)} {clock(o.createdAt)}
            {o.stateBy ? ` · ${o.stateBy}` : ''}
          </span>
        </button>
      ))}
    </div>
  );
}

/** Review mode: the grid filtered by state, or one output open in the viewer. */
export function ReviewView() {
  const filter = useStudio((s) => s.reviewFilter);
  const setFilter = useStudio((s) => s.setReviewFilter);
  const refresh = useStudio((s) => s.refreshReview);
  const status = useStudio((s) => s.reviewStatus);
  const openId = useStudio((s) => s.reviewOpen);
  const open = useStudio((s) => s.reviewItems.find((o) => o.outputId === s.reviewOpen) ?? null);
  useReviewKeys();
  useEffect(() => {
    // Back at the grid (or arriving), show the state the core has now: decided outputs move between filters.
    if (openId === null) void refresh();
  }, [openId, refresh]);
  return (
    <main className="review-view" data-testid="review">
      {!open && (
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
      )}
      <Unavailable what="review" status={status} />
      {open ? <ReviewViewer output={open} /> : <ReviewGrid />}
    </main>
  );
}
