import { useEffect } from 'react';
import { useStudioStore } from '../../store/store.ts';
import type { StudioState } from '../../store/types.ts';
import { isTyping } from '../common/shortcuts.ts';
import { COLOUR_KEYS } from './Marks.tsx';

/** Keys that mark (stars 1–5, 0 clears; colour labels 6–9), in the viewer and on a grid selection alike. */
function markKey(s: StudioState, key: string): boolean {
  if (/^[0-5]$/.test(key)) void s.markReview({ rating: Number(key) });
  else if (COLOUR_KEYS[key]) {
    // As in Lightroom, the label's own key again takes it off (the open output; a selection just gets it).
    const open = s.reviewItems.find((o) => o.outputId === s.reviewOpen);
    void s.markReview({ colour: open?.colour === COLOUR_KEYS[key] ? null : COLOUR_KEYS[key] });
  } else return false;
  return true;
}

/** In the viewer: decide, step, compare, wipe, loupe, clean view. */
function viewerKey(s: StudioState, e: KeyboardEvent): boolean {
  const key = e.key.toLowerCase();
  const display = s.reviewDisplay;
  if (key === 'a') void s.decide('approve');
  else if (key === 'r') void s.decide('reject');
  else if (e.key === 'ArrowRight') s.stepReview(1);
  else if (e.key === 'ArrowLeft') s.stepReview(-1);
  else if (e.key === 'Escape') s.openReview(null);
  else if (key === 'c') s.setReviewDisplay({ compare: display.compare === 'side' ? 'off' : 'side' });
  else if (key === 'w') s.setReviewDisplay({ compare: display.compare === 'wipe' ? 'off' : 'wipe' });
  else if (key === 'l') s.setReviewDisplay({ loupe: display.loupe === 0 ? 1 : display.loupe === 1 ? 2 : 0 });
  else if (key === 'p') s.setReviewDisplay({ clean: !display.clean });
  else return markKey(s, e.key);
  return true;
}

/** On the grid with a selection: decide all of it, mark it, select all, clear. */
function gridKey(s: StudioState, e: KeyboardEvent): boolean {
  const key = e.key.toLowerCase();
  if ((e.ctrlKey || e.metaKey) && key === 'a') s.selectAllReview();
  else if (e.ctrlKey || e.metaKey) return false;
  else if (s.reviewSelected.length === 0) return false;
  else if (key === 'a') void s.decideSelected('approve');
  else if (key === 'r') void s.decideSelected('reject');
  else if (e.key === 'Escape') s.clearReviewSelection();
  else return markKey(s, e.key);
  return true;
}

/** Review's keyboard (listed in the ? sheet) — unless the reviewer is typing. */
export function useReviewKeys(): void {
  const store = useStudioStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if (s.view !== 'review' || isTyping(e.target) || e.altKey) return;
      const handled = s.reviewOpen ? !e.ctrlKey && !e.metaKey && viewerKey(s, e) : gridKey(s, e);
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
