import type { AnnotationView } from '../../../../src/contract/index.ts';

const pct = (v: number) => `${(v * 100).toFixed(3)}%`;

/** Notes drawn over the image (never into it): numbered pins and outlined rectangles, in list order. */
export function AnnotationOverlay({
  annotations,
  highlight,
}: {
  annotations: AnnotationView[];
  highlight: string | null;
}) {
  return (
    <>
      {annotations.map((a, i) =>
        a.kind === 'pin' ? (
          <div
            key={a.annotationId}
            className={`ann-pin ${highlight === a.annotationId ? 'hot' : ''}`}
            style={{ left: pct(a.x), top: pct(a.y) }}
            title={a.note}
            data-testid="ann-pin"
          >
            {i + 1}
          </div>
        ) : (
          <div
            key={a.annotationId}
            className={`ann-rect ${highlight === a.annotationId ? 'hot' : ''}`}
            style={{ left: pct(a.x), top: pct(a.y), width: pct(a.width), height: pct(a.height) }}
            title={a.note ?? ''}
            data-testid="ann-rect"
          >
            <span className="ann-num">{i + 1}</span>
          </div>
        ),
      )}
    </>
  );
}
