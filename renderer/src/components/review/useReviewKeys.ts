import { useEffect } from 'react';
import { useStudioStore } from '../../store/store.ts';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));

/** A approve, R reject, ← → previous / next, Esc back to the grid — unless the reviewer is typing. */
export function useReviewKeys(): void {
  const store = useStudioStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if (s.view !== 'review' || !s.reviewOpen || isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'a') void s.decide('approve');
      else if (key === 'r') void s.decide('reject');
      else if (e.key === 'ArrowRight') s.stepReview(1);
      else if (e.key === 'ArrowLeft') s.stepReview(-1);
      else if (e.key === 'Escape') s.openReview(null);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
