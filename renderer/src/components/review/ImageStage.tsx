import { useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import type { AnnotationView, AnnotationWire } from '../../../../src/contract/index.ts';
import { AnnotationOverlay } from './AnnotationOverlay.tsx';
import { Loupe } from './Loupe.tsx';
import { NoteForm } from './NoteForm.tsx';
import { useBoxSize } from './useBoxSize.ts';
import { containedIn, frameRect, panBy, wipeInFrame, zoomAt, type PaneView } from './viewMath.ts';

export type Tool = 'pin' | 'rect' | null;
export type Draft =
  { kind: 'pin'; x: number; y: number } | { kind: 'rect'; x: number; y: number; width: number; height: number };

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const MIN_RECT = 0.01;
const WHEEL_STEP = 1.15;

/**
 * A second image over the first, shown right of a divider the reviewer drags (0..1 of the pane's width). One of
 * another shape is fitted inside the first image's frame on the pane's own background, never stretched.
 */
export interface Wipe {
  src: string;
  alt: string;
  width: number;
  height: number;
  at: number;
  onAt(at: number): void;
  caption?: string;
}

/**
 * One image in a pane at the shared view (zoom and pan), with its notes over it. With no tool the image pans by
 * dragging and zooms with the wheel; with a tool a click drops a pin and a drag draws a rectangle, and either then
 * asks for its note. In a wipe a second image covers the right of the divider; the loupe follows the pointer.
 */
export function ImageStage(props: {
  src: string;
  alt: string;
  width: number;
  height: number;
  view: PaneView;
  onView(view: PaneView): void;
  caption?: string;
  annotations?: AnnotationView[];
  highlight?: string | null;
  tool?: Tool;
  onCreate?: (annotation: AnnotationWire) => void;
  wipe?: Wipe;
  loupe?: 0 | 1 | 2;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const frameEl = useRef<HTMLDivElement>(null);
  const room = useBoxSize(box);
  const image = { w: props.width, h: props.height };
  const frame = frameRect(room, image, props.view);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const pan = useRef<{ x: number; y: number } | null>(null);

  const pointAt = (e: PointerEvent) => {
    const r = frameEl.current!.getBoundingClientRect();
    return { x: clamp01((e.clientX - r.left) / r.width), y: clamp01((e.clientY - r.top) / r.height) };
  };
  const inBox = (e: { clientX: number; clientY: number }) => {
    const r = box.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onDown = (e: PointerEvent) => {
    if (draft || e.button !== 0) return;
    if (!props.tool) {
      pan.current = { x: e.clientX, y: e.clientY };
      box.current!.setPointerCapture(e.pointerId);
      return;
    }
    // A note belongs on the image: a click beside it (in the pane's margin) drops nothing.
    if (!frameEl.current!.contains(e.target as Node)) return;
    const p = pointAt(e);
    if (props.tool === 'pin') return setDraft({ kind: 'pin', ...p });
    drag.current = p;
    frameEl.current!.setPointerCapture(e.pointerId);
    setDraft({ kind: 'rect', x: p.x, y: p.y, width: 0, height: 0 });
  };
  const onMove = (e: PointerEvent) => {
    if (props.loupe) setPointer(inBox(e));
    if (pan.current) {
      const moved = panBy(props.view, frame, e.clientX - pan.current.x, e.clientY - pan.current.y);
      pan.current = { x: e.clientX, y: e.clientY };
      if (moved !== props.view) props.onView(moved);
      return;
    }
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
    pan.current = null;
    if (!drag.current) return;
    drag.current = null;
    if (draft?.kind === 'rect' && (draft.width < MIN_RECT || draft.height < MIN_RECT)) setDraft(null);
    // The drag lives in a ref; a fresh draft object re-renders so the note form appears.
    else if (draft) setDraft({ ...draft });
  };
  const onWheel = (e: WheelEvent) => {
    if (e.deltaY === 0) return;
    props.onView(zoomAt(props.view, frame, room, e.deltaY < 0 ? WHEEL_STEP : 1 / WHEEL_STEP, inBox(e)));
  };
  const onDivider = (e: PointerEvent) => {
    e.stopPropagation();
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    const follow = (m: globalThis.PointerEvent) => props.wipe?.onAt(clamp01(inBox(m).x / Math.max(1, room.w)));
    const stop = () => {
      el.removeEventListener('pointermove', follow);
      el.removeEventListener('pointerup', stop);
    };
    el.addEventListener('pointermove', follow);
    el.addEventListener('pointerup', stop);
  };
  const split = props.wipe ? wipeInFrame(props.wipe.at, room.w, frame) : 1;
  const wipeFrame = props.wipe ? containedIn(frame, { w: props.wipe.width, h: props.wipe.height }) : null;

  return (
    <div
      className={`review-box ${props.view.zoom !== null && !props.tool ? 'pannable' : ''}`}
      ref={box}
      data-testid={props.testId}
      data-zoom={frame.scale.toFixed(4)}
      data-cx={props.view.cx.toFixed(4)}
      data-cy={props.view.cy.toFixed(4)}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerLeave={() => setPointer(null)}
      onWheel={onWheel}
    >
      {props.caption && <div className="review-caption">{props.caption}</div>}
      {props.wipe?.caption && <div className="review-caption right">{props.wipe.caption}</div>}
      <div
        className={`review-frame ${props.tool ? `tool-${props.tool}` : ''}`}
        ref={frameEl}
        // A transform, not left/top: panning moves a composited layer instead of laying the pane out again.
        style={{ width: frame.w, height: frame.h, transform: `translate(${frame.left}px, ${frame.top}px)` }}
      >
        <img src={props.src} alt={props.alt} draggable={false} />
        {props.wipe && (
          <div
            className="wipe-layer"
            style={{ clipPath: `inset(0 0 0 ${(split * 100).toFixed(3)}%)` }}
            data-testid="wipe-layer"
          >
            <img src={props.wipe.src} alt={props.wipe.alt} draggable={false} />
          </div>
        )}
        <AnnotationOverlay annotations={props.annotations ?? []} highlight={props.highlight ?? null} />
        <NoteForm
          draft={draft}
          dragging={drag.current !== null}
          onClose={() => setDraft(null)}
          {...(props.onCreate ? { onCreate: props.onCreate } : {})}
        />
      </div>
      {props.wipe && (
        <div
          className="wipe-divider"
          style={{ left: props.wipe.at * room.w }}
          onPointerDown={onDivider}
          role="slider"
          aria-label="Wipe divider"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(props.wipe.at * 100)}
          data-testid="wipe-divider"
        >
          <span className="wipe-handle" />
        </div>
      )}
      {props.loupe && pointer ? (
        <Loupe
          {...(props.wipe && wipeFrame && (pointer.x - frame.left) / frame.w > split
            ? { src: props.wipe.src, image: { w: props.wipe.width, h: props.wipe.height }, frame: wipeFrame }
            : { src: props.src, image, frame })}
          at={pointer}
          scale={props.loupe}
        />
      ) : null}
    </div>
  );
}
