import type { AnnotationView } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';
import { plainDate } from '../common/format.ts';

/** The notes on the open output, numbered as on the image; hovering one lights it up there. */
export function AnnotationList({
  annotations,
  onHover,
}: {
  annotations: AnnotationView[];
  onHover: (id: string | null) => void;
}) {
  const remove = useStudio((s) => s.removeAnnotation);
  return (
    <section className="annotations">
      <div className="section-label">Notes ({annotations.length})</div>
      {annotations.length === 0 && (
        <div className="muted small">None yet. Pick Pin or Box, then click or drag on the image.</div>
      )}
      <ol className="ann-list" data-testid="annotation-list">
        {annotations.map((a, i) => (
          <li key={a.annotationId} onMouseEnter={() => onHover(a.annotationId)} onMouseLeave={() => onHover(null)}>
            <span className="ann-index">{i + 1}</span>
            <span className="ann-text">
              <span>{a.note ?? <em className="muted">(box, no note)</em>}</span>
              <span className="muted small">
                {a.kind === 'pin' ? 'pin' : 'box'} · {a.by} · {plainDate(a.at)}
              </span>
            </span>
            <button
              className="icon-btn"
              title="Delete note"
              aria-label={`Delete note ${i + 1}`}
              onClick={() => void remove(a.annotationId)}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
