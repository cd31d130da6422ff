import { useStudio } from '../../store/store.ts';
import { ColourLabels, Stars } from './Marks.tsx';

/** What the reviewer can do with a multi-selection: one decision and one comment for all, marks, compare two. */
export function BatchBar() {
  const selected = useStudio((s) => s.reviewSelected);
  const comment = useStudio((s) => s.reviewComment);
  const setComment = useStudio((s) => s.setReviewComment);
  const decide = useStudio((s) => s.decideSelected);
  const mark = useStudio((s) => s.markReview);
  const clear = useStudio((s) => s.clearReviewSelection);
  const open = useStudio((s) => s.openReview);
  const setDisplay = useStudio((s) => s.setReviewDisplay);
  const compare = () => {
    setDisplay({ compare: 'side' });
    open(selected[0]!, selected[1]!);
  };
  return (
    <div className="batch-bar" data-testid="batch-bar">
      <strong data-testid="batch-count">{selected.length} selected</strong>
      <input
        className="comment-input"
        value={comment}
        placeholder="One comment for all (optional)"
        onChange={(e) => setComment(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
        data-testid="batch-comment"
      />
      <button className="btn approve" onClick={() => void decide('approve')} data-testid="batch-approve">
        Approve all <kbd>A</kbd>
      </button>
      <button className="btn reject" onClick={() => void decide('reject')} data-testid="batch-reject">
        Reject all <kbd>R</kbd>
      </button>
      <Stars rating={0} onRate={(rating) => void mark({ rating })} />
      <ColourLabels colour={null} onPick={(colour) => void mark({ colour })} />
      <button className="btn" onClick={compare} disabled={selected.length !== 2} data-testid="batch-compare">
        Compare 2
      </button>
      <button className="btn" onClick={clear}>
        Clear <kbd>Esc</kbd>
      </button>
    </div>
  );
}
