import type { OutputView } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import type { Tool } from './ImageStage.tsx';
import { FIT_VIEW, ZOOM_LIMITS, type PaneView } from './viewMath.ts';

const STEP = 1.25;
const zoomBy = (view: PaneView, factor: number, fit: number): PaneView => ({
  ...view,
  zoom: Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, (view.zoom ?? fit) * factor)),
});

/** The viewer's bar: where we are, zoom, compare (side by side or wipe, and with what), loupe, clean, notes, shot. */
export function CompareBar(props: {
  output: OutputView;
  target: OutputView | null;
  view: PaneView;
  onView(view: PaneView): void;
  tool: Tool;
  onTool(tool: Tool): void;
  details: string;
}) {
  const { output, target, view, onView, tool, onTool } = props;
  const items = useStudio((s) => s.reviewItems);
  const shots = useStudio((s) => s.shots);
  const previous = useStudio((s) => s.previous[output.outputId]);
  const display = useStudio((s) => s.reviewDisplay);
  const setDisplay = useStudio((s) => s.setReviewDisplay);
  const setCompareWith = useStudio((s) => s.setCompareWith);
  const openReview = useStudio((s) => s.openReview);
  const stepReview = useStudio((s) => s.stepReview);
  const openShot = useStudio((s) => s.openShot);
  const setView = useStudio((s) => s.setView);
  const at = items.findIndex((o) => o.outputId === output.outputId);
  const name = (o: OutputView) =>
    `${shots.find((x) => x.shotId === o.shotId)?.name ?? o.shotId} · ${plainDate(o.createdAt)} ${clock(o.createdAt)}`;
  const others = [
    ...(previous && !items.some((o) => o.outputId === previous.outputId) ? [previous] : []),
    ...items.filter((o) => o.outputId !== output.outputId),
  ];
  const mode = (compare: 'side' | 'wipe') => setDisplay({ compare: display.compare === compare ? 'off' : compare });

  return (
    <div className="viewer-bar">
      <button className="btn" onClick={() => openReview(null)}>
        ← Grid
      </button>
      <button className="icon-btn" onClick={() => stepReview(-1)} disabled={at <= 0} aria-label="Previous output">
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
      >
        ›
      </button>
      <span className="sep" />
      <button className="icon-btn" onClick={() => onView(zoomBy(view, 1 / STEP, 0.5))} aria-label="Zoom out">
        −
      </button>
      <button className="zoom" onClick={() => onView(FIT_VIEW)} title="Fit" data-testid="review-zoom">
        {view.zoom === null ? 'Fit' : `${Math.round(view.zoom * 100)}%`}
      </button>
      <button className="icon-btn" onClick={() => onView(zoomBy(view, STEP, 0.5))} aria-label="Zoom in">
        +
      </button>
      <button className="btn" onClick={() => onView({ zoom: 1, cx: 0, cy: 0 })} title="Actual pixels, from the top">
        100%
      </button>
      <span className="sep" />
      <button
        className={`btn ${display.compare === 'side' ? 'on' : ''}`}
        onClick={() => mode('side')}
        disabled={!target}
        title={target ? 'Side by side, zoom and pan together (C)' : 'Nothing else to compare with'}
        data-testid="compare-toggle"
      >
        Compare
      </button>
      <button
        className={`btn ${display.compare === 'wipe' ? 'on' : ''}`}
        onClick={() => mode('wipe')}
        disabled={!target}
        title="One image over the other, split by a divider you drag (W)"
        data-testid="wipe-toggle"
      >
        Wipe
      </button>
      {display.compare !== 'off' && target && (
        <select
          className="compare-with"
          aria-label="Compare with"
          value={target.outputId}
          onChange={(e) => setCompareWith(e.target.value)}
          data-testid="compare-with"
        >
          {others.map((o) => (
            <option key={o.outputId} value={o.outputId}>
              {o.outputId === previous?.outputId ? `Previous render · ${name(o)}` : name(o)}
            </option>
          ))}
        </select>
      )}
      <button
        className={`btn ${display.loupe ? 'on' : ''}`}
        onClick={() => setDisplay({ loupe: display.loupe === 0 ? 1 : display.loupe === 1 ? 2 : 0 })}
        title="Loupe: 100 %, 200 %, off (L)"
        data-testid="loupe-toggle"
      >
        Loupe{display.loupe ? ` ${display.loupe * 100}%` : ''}
      </button>
      <button
        className={`btn ${display.clean ? 'on' : ''}`}
        onClick={() => setDisplay({ clean: !display.clean })}
        title="Without the proof mark, in the studio only; never exported (P)"
        data-testid="clean-toggle"
      >
        Clean
      </button>
      <span className="sep" />
      <span className="muted small">Notes</span>
      {(['pin', 'rect'] as const).map((t) => (
        <button
          key={t}
          className={`btn ${tool === t ? 'on' : ''}`}
          onClick={() => onTool(tool === t ? null : t)}
          data-testid={`tool-${t}`}
        >
          {t === 'pin' ? 'Pin' : 'Box'}
        </button>
      ))}
      <div className="spacer" />
      <button
        className="link-btn small"
        onClick={() => void openShot(output.shotId).then(() => setView('compose'))}
        title="Open this output's shot in Compose"
        data-testid="open-shot"
      >
        {props.details} ↗
      </button>
    </div>
  );
}
