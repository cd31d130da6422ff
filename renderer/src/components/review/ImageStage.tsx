import { useRef, useState, type PointerEvent } from 'react';
import type { AnnotationView, AnnotationWire } from '../../../../src/contract/index.ts';
import { AnnotationOverlay } from './AnnotationOverlay.tsx';
import { useFrameSize } from './useFrameSize.ts';

export type Tool = 'pin' | 'rect' | null;
type Draft =
  { kind: 'pin'; x: number; y: number } | { kind: 'rect'; x: number; y: number; width: number; height: number };

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const MIN_RECT = 0.01;

/**
 * One image at fit or at a zoom, with its notes over it. With a tool picked, a click drops a pin and a
 * drag draws a rectangle; either then asks for its note (a pin needs one, a rectangle may go without).
 */
export function ImageStage(props: {
  src: string;
  alt: string;
  width: number;
  height: number;
  zoom: number | null;
  caption?: string;
  annotations?: AnnotationView[];
  highlight?: string | null;
  tool?: Tool;
  onCreate?: (annotation: AnnotationWire) => void;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const size = useFrameSize(box, props.width, props.height, props.zoom);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [note, setNote] = useState('');
  const drag = useRef<{ x: number; y: number } | null>(null);

  const pointAt = (e: PointerEvent) => {
    const r = frame.current!.getBoundingClientRect();
    return { x: clamp01((e.clientX - r.left) / r.width), y: clamp01((e.clientY - r.top) / r.height) };
  };
  const onDown = (e: PointerEvent) => {
    if (!props.tool || draft || e.button !== 0) return;
    const p = pointAt(e);
    if (props.tool === 'pin') return setDraft({ kind: 'pin', ...p });
    drag.current = p;
    frame.current!.setPointerCapture(e.pointerId);
    setDraft({ kind: 'rect', x: p.x, y: p.y, width: 0, height: 0 });
  };
  const onMove = (e: PointerEvent) => {
    const start = drag.current;
    if (!start) return;
    const p = pointAt(e);
    setDraft({
      kind: 'rect',
      x: Math.min(start.x, p.x),
      y: Math.min(start.y, p.y),
      width: Math.abs(p.x - start.x),
      height: Math.abs(p.y - start.y),
    });
  };
  const onUp = () => {
    if (!drag.current) return;
    drag.current = null;
    if (draft?.kind === 'rect' && (draft.width < MIN_RECT || draft.height < MIN_RECT)) setDraft(null);
    // The drag lives in a ref; a fresh draft object re-renders so the note form appears.
    else if (draft) setDraft({ ...draft });
  };
  const close = () => (setDraft(null), setNote(''));
  const save = () => {
    if (!draft || drag.current) return;
    const text = note.trim();
    if (draft.kind === 'pin' && !text) return;
    props.onCreate?.(draft.kind === 'pin' ? { ...draft, note: text } : { ...draft, ...(text ? { note: text } : {}) });
    close();
  };

  return (
    <div className="review-box" ref={box} data-testid={props.testId}>
      {props.caption && <div className="review-caption">{props.caption}</div>}
      <div
        className={`review-frame ${props.tool ? `tool-${props.tool}` : ''}`}
        ref={frame}
        style={{ width: size.w, height: size.h }}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
      >
        <img src={props.src} alt={props.alt} draggable={false} />
        <AnnotationOverlay annotations={props.annotations ?? []} highlight={props.highlight ?? null} />
        {draft?.kind === 'rect' && (
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
        {draft?.kind === 'pin' && (
          <div className="ann-pin draft" style={{ left: `${draft.x * 100}%`, top: `${draft.y * 100}%` }} />
        )}
        {draft && !drag.current && (draft.kind === 'pin' || draft.width >= MIN_RECT) && (
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
      </div>
    </div>
  );
}
