import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../../store/store.ts';

/** The name review decisions are signed under in the ledger (instead of the computer's account). */
export function ReviewerCard() {
  const reviewer = useStudio((s) => s.settings?.reviewer ?? null);
  const setReviewer = useStudio((s) => s.setReviewer);
  const [name, setName] = useState(reviewer ?? '');
  // A name saved in another window shows here too, unless a name is being typed here (that edit is kept).
  const saved = useRef(reviewer ?? '');
  useEffect(() => {
    const before = saved.current;
    saved.current = reviewer ?? '';
    setName((typed) => (typed === before ? saved.current : typed));
  }, [reviewer]);
  return (
    <section className="settings-card" data-testid="reviewer-card">
      <h2>Reviewer</h2>
      <form
        className="enrol-form"
        onSubmit={(e) => {
          e.preventDefault();
          void setReviewer(name);
        }}
      >
        <label className="field">
          <span>Your name, recorded in the usage ledger with each approve and reject</span>
          <input
            value={name}
            maxLength={120}
            placeholder="e.g. Rita Lopes (empty: the computer's user account)"
            onChange={(e) => setName(e.target.value)}
            data-testid="reviewer-name"
          />
        </label>
        <div>
          <button className="btn primary" type="submit" disabled={name.trim() === (reviewer ?? '')}>
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
