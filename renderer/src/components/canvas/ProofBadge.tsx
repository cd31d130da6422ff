import { useEffect, useState } from 'react';
import type { Editor } from '../../../editor/index.ts';
import { pictureKey } from '../../store/mergeShot.ts';
import { useStudio } from '../../store/store.ts';
import { clock } from '../common/format.ts';

export type ProofState = 'none' | 'fresh' | 'stale';

/**
 * Whether the proof still shows the shot as edited: stale once anything a render depends on changed, or while the
 * twin is being dragged (the proof would hide the figure under the pointer). Checked on each editor change.
 */
export function useProofState(editor: Editor, key: string | null): ProofState {
  const [state, setState] = useState<ProofState>('none');
  useEffect(() => {
    const check = () => {
      const next: ProofState =
        key === null ? 'none' : !editor.transient() && pictureKey(editor.shot()) === key ? 'fresh' : 'stale';
      setState((prev) => (prev === next ? prev : next));
    };
    check();
    return editor.subscribe(check);
  }, [editor, key]);
  return state;
}

/** "Proof" and its time over the canvas while the proof is on it; "stale" once the shot moved on. */
export function ProofBadge({ state, drawn }: { state: ProofState; drawn: boolean }) {
  const image = useStudio((s) => s.onCanvas);
  const dismiss = useStudio((s) => s.dismissProof);
  if (state === 'none' || !image) return null;
  const { proof } = image;
  return (
    <div
      className={`proof-badge ${state} ${image.kind}`}
      data-testid="proof-badge"
      data-kind={image.kind}
      data-state={state}
      data-drawn={drawn}
      data-size={`${image.width}x${image.height}`}
    >
      <span className="badge">{image.kind === 'proof' ? 'Proof' : 'Render'}</span>
      <span>
        {state === 'fresh'
          ? `${clock(image.createdAt)} · ${image.width}×${image.height}`
          : `Stale: the shot changed — press ${image.kind === 'proof' ? 'P' : 'R'} again`}
      </span>
      {proof && (
        <span className="muted">
          {proof.proofsLeftToday} left today{proof.billed ? ' · billed' : ''}
        </span>
      )}
      <button className="link" onClick={dismiss} aria-label="Hide the proof" title="Hide the proof">
        ×
      </button>
    </div>
  );
}
