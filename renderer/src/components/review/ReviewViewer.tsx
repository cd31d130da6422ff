import { useState } from 'react';
import type { OutputView } from '../../../../src/contract/index.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { AnnotationList } from './AnnotationList.tsx';
import { DecisionPanel } from './DecisionPanel.tsx';
import { ImageStage, type Tool } from './ImageStage.tsx';

const NO_NOTES: never[] = [];

/** One output full size: zoom, before/after against the shot's previous render, notes and the decision. */
export function ReviewViewer({ output }: { output: OutputView }) {
  const client = useClient();
  const items = useStudio((s) => s.reviewItems);
  const previous = useStudio((s) => s.previous[output.outputId]);
  const annotations = useStudio((s) => s.annotations[output.outputId] ?? NO_NOTES);
  const shotName = useStudio((s) => s.shots.find((x) => x.shotId === output.shotId)?.name ?? output.shotId);
  const openReview = useStudio((s) => s.openReview);
  const stepReview = useStudio((s) => s.stepReview);
  const annotate = useStudio((s) => s.annotate);
  const [zoom, setZoom] = useState<number | null>(null);
  const [compare, setCompare] = useState(false);
  const [tool, setTool] = useState<Tool>(null);
  const [hot, setHot] = useState<string | null>(null);
  const at = items.findIndex((o) => o.outputId === output.outputId);
  const comparing = compare && previous;

  return (
    <div className="review-viewer" data-testid="review-viewer">
      <div className="viewer-bar">
        <button className="btn" onClick={() => openReview(null)}>
          ← Grid
        </button>
        <button
          className="icon-btn"
          onClick={() => stepReview(-1)}
          disabled={at <= 0}
          aria-label="Previous output"
          title="Previous (←)"
        >
          ‹
        </button>
        <span className="muted small" data-testid="review-position">
          {at + 1} of {items.length}
        </span>
        <button
          className="icon-btn"
          onClick={() => stepReview(1)}
          disabled={at >= items.length - 1}
          aria-label="Next output"
          title="Next (→)"
        >
          ›
        </button>
        <span className="sep" />
        <button className="icon-btn" onClick={() => setZoom((zoom ?? 0.5) / 1.25)} aria-label="Zoom out">
          −
        </button>
        <button className="zoom" onClick={() => setZoom(null)} title="Fit" data-testid="review-zoom">
          {zoom === null ? 'Fit' : `${Math.round(zoom * 100)}%`}
        </button>
        <button className="icon-btn" onClick={() => setZoom((zoom ?? 0.5) * 1.25)} aria-label="Zoom in">
          +
        </button>
        <button className="btn" onClick={() => setZoom(1)}>
          100%
        </button>
        <span className="sep" />
        <button
          className={`btn ${compare ? 'on' : ''}`}
          onClick={() => setCompare(!compare)}
          disabled={!previous}
          title={
            previous
              ? 'Before / after against the previous render of this shot'
              : 'First render of this shot: nothing to compare with'
          }
          data-testid="compare-toggle"
        >
          Compare
        </button>
        <span className="sep" />
        <span className="muted small">Notes</span>
        {(['pin', 'rect'] as const).map((t) => (
          <button
            key={t}
            className={`btn ${tool === t ? 'on' : ''}`}
            onClick={() => setTool(tool === t ? null : t)}
            data-testid={`tool-${t}`}
          >
            {t === 'pin' ? 'Pin' : 'Box'}
          </button>
        ))}
        <div className="spacer" />
        <span className="small">
          {shotName} · {plainDate(output.createdAt)} {clock(output.createdAt)} · {output.width}×{output.height}
        </span>
      </div>
      <div className="review-body">
        <div className={`review-stages ${comparing ? 'two' : ''}`}>
          {comparing && (
            <ImageStage
              src={client.fileUrl(previous.file)}
              alt="Previous render"
              width={previous.width}
              height={previous.height}
              zoom={zoom}
              caption={`Before · ${plainDate(previous.createdAt)} ${clock(previous.createdAt)}`}
              testId="stage-before"
            />
          )}
          <ImageStage
            src={client.fileUrl(output.file)}
            alt={output.label}
            width={output.width}
            height={output.height}
            zoom={zoom}
            {...(comparing ? { caption: 'After · this render' } : {})}
            annotations={annotations}
            highlight={hot}
            tool={tool}
            onCreate={(a) => void annotate(a)}
            testId="stage-current"
          />
        </div>
        <aside className="review-side">
          <DecisionPanel output={output} />
          <AnnotationList annotations={annotations} onHover={setHot} />
        </aside>
      </div>
    </div>
  );
}
