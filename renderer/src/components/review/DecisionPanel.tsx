import type { OutputView } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { StateBadge } from './StateBadge.tsx';

/** Where the output stands (who decided, when, why) and the approve / reject controls with a comment. */
export function DecisionPanel({ output }: { output: OutputView }) {
  const comment = useStudio((s) => s.reviewComment);
  const setComment = useStudio((s) => s.setReviewComment);
  const decide = useStudio((s) => s.decide);
  return (
    <section className="decision" data-testid="decision">
      <div className="decision-head">
        <StateBadge state={output.state} />
        {output.stateBy && (
          <span className="muted small" data-testid="decided-by">
            by {output.stateBy} · {plainDate(output.stateAt)} {clock(output.stateAt)}
          </span>
        )}
      </div>
      {output.stateComment && <blockquote className="decision-comment">“{output.stateComment}”</blockquote>}
      <input
        className="comment-input"
        value={comment}
        placeholder="Comment (optional), then A or R"
        onChange={(e) => setComment(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
        data-testid="review-comment"
      />
      <div className="decision-buttons">
        <button className="btn approve" onClick={() => void decide('approve')} data-testid="approve">
          Approve <kbd>A</kbd>
        </button>
        <button className="btn reject" onClick={() => void decide('reject')} data-testid="reject">
          Reject <kbd>R</kbd>
        </button>
      </div>
      <div className="muted small">← → previous / next · Esc back to the grid</div>
    </section>
  );
}
