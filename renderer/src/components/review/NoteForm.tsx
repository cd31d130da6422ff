import { useState } from 'react';
import type { AnnotationWire } from '../../../../src/contract/index.ts';
import type { Draft } from './ImageStage.tsx';

const MIN_RECT = 0.01;

/** A draft pin or rectangle, and the form that asks for its note (a pin needs one, a rectangle may go without). */
export function NoteForm(props: {
  draft: Draft | null;
  dragging: boolean;
  onClose(): void;
  onCreate?: (annotation: AnnotationWire) => void;
}) {
  const { draft } = props;
  const [note, setNote] = useState('');
  if (!draft) return null;
  const close = () => (props.onClose(), setNote(''));
  const save = () => {
    if (props.dragging) return;
    const text = note.trim();
    if (draft.kind === 'pin' && !text) return;
    props.onCreate?.(draft.kind === 'pin' ? { ...draft, note: text } : { ...draft, ...(text ? { note: text } : {}) });
    close();
  };
  return (
    <>
      {draft.kind === 'rect' && (
        <div
          className="ann-rect draft"
          style={{
            left: `${draft.x * 100}%`,
            top: `${draft.y * 100}%`,
            width: `${draft.width * 100}%`,
            height: `${draft.height * 100}%`,
          }}
        />
      )}
      {draft.kind === 'pin' && (
        <div className="ann-pin draft" style={{ left: `${draft.x * 100}%`, top: `${draft.y * 100}%` }} />
      )}
      {!props.dragging && (draft.kind === 'pin' || draft.width >= MIN_RECT) && (
        <form
          className="note-form"
          style={{
            left: `${Math.min(draft.x * 100, 70)}%`,
            top: `${Math.min((draft.kind === 'rect' ? draft.y + draft.height : draft.y) * 100 + 2, 88)}%`,
          }}
          onPointerDown={(e) => e.stopPropagation()}
          onSubmit={(e) => (e.preventDefault(), save())}
        >
          <input
            autoFocus
            value={note}
            placeholder={draft.kind === 'pin' ? 'Note for this pin' : 'Note (optional)'}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), close())}
            data-testid="note-input"
          />
          <button className="btn primary" type="submit" disabled={draft.kind === 'pin' && !note.trim()}>
            Add
          </button>
          <button className="btn" type="button" onClick={close}>
            Cancel
          </button>
        </form>
      )}
    </>
  );
}
