import type { OutputView } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { ColourLabels, Stars } from './Marks.tsx';
import { StateBadge } from './StateBadge.tsx';

/** Where the output stands (who decided, when, why) and the approve / reject controls with a comment. */
export function DecisionPanel({ output }: { output: OutputView }) {
  const comment = useStudio((s) => s.reviewComment);
  const setComment = useStudio((s) => s.setReviewComment);
  const decide = useStudio((s) => s.decide);
  const mark = useStudio((s) => s.markReview);
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
      <div className="marks-row">
        <Stars rating={output.rating ?? 0} onRate={(rating) => void mark({ rating })} />
        <ColourLabels colour={output.colour ?? null} onPick={(colour) => void mark({ colour })} />
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
      <div className="muted small">1–5 stars · 0 clears · 6–9 colour · ← → previous / next · Esc grid · ? keys</div>
    </section>
  );
}
