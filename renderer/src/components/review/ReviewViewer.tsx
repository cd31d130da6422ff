import { useEffect, useState } from 'react';
import type { OutputView } from '../../../../src/contract/index.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { AnnotationList } from './AnnotationList.tsx';
import { CompareBar } from './CompareBar.tsx';
import { DecisionPanel } from './DecisionPanel.tsx';
import { ImageStage, type Tool } from './ImageStage.tsx';
import { FIT_VIEW, type PaneView } from './viewMath.ts';

const NO_NOTES: never[] = [];

/** What the open output is compared with: the one picked, else the shot's previous render, else a neighbour. */
function useCompareTarget(output: OutputView): OutputView | null {
  const items = useStudio((s) => s.reviewItems);
  const previous = useStudio((s) => s.previous[output.outputId]);
  const picked = useStudio((s) => s.compareWith);
  if (picked && picked !== output.outputId) {
    const found = items.find((o) => o.outputId === picked) ?? (previous?.outputId === picked ? previous : null);
    if (found) return found;
  }
  if (previous) return previous;
  const at = items.findIndex((o) => o.outputId === output.outputId);
  return items[at + 1] ?? items[at - 1] ?? null;
}

/** One output full size: shared zoom and pan, compare side by side or as a wipe, loupe, clean view, notes, decision. */
export function ReviewViewer({ output }: { output: OutputView }) {
  const client = useClient();
  const shots = useStudio((s) => s.shots);
  const annotations = useStudio((s) => s.annotations[output.outputId] ?? NO_NOTES);
  const shotName = useStudio((s) => s.shots.find((x) => x.shotId === output.shotId)?.name ?? output.shotId);
  const display = useStudio((s) => s.reviewDisplay);
  const cleanFiles = useStudio((s) => s.cleanFiles);
  const loadClean = useStudio((s) => s.loadClean);
  const annotate = useStudio((s) => s.annotate);
  const previous = useStudio((s) => s.previous[output.outputId]);
  const target = useCompareTarget(output);
  const [view, setView] = useState<PaneView>(FIT_VIEW);
  const [wipeAt, setWipeAt] = useState(0.5);
  const [tool, setTool] = useState<Tool>(null);
  const [hot, setHot] = useState<string | null>(null);
  const comparing = display.compare !== 'off' && target ? target : null;

  useEffect(() => {
    if (!display.clean) return;
    void loadClean(output.outputId);
    if (comparing) void loadClean(comparing.outputId);
  }, [display.clean, output.outputId, comparing, loadClean]);

  const srcOf = (o: OutputView) => client.fileUrl((display.clean && cleanFiles[o.outputId]) || o.file);
  const nameOf = (o: OutputView) =>
    o.outputId === previous?.outputId
      ? `Before · ${plainDate(o.createdAt)} ${clock(o.createdAt)}`
      : `B · ${shots.find((x) => x.shotId === o.shotId)?.name ?? o.shotId} · ${plainDate(o.createdAt)} ${clock(o.createdAt)}`;
  const shared = { view, onView: setView, loupe: display.loupe } as const;

  return (
    <div className="review-viewer" data-testid="review-viewer">
      <CompareBar
        output={output}
        target={target}
        view={view}
        onView={setView}
        tool={tool}
        onTool={setTool}
        details={`${shotName} · ${plainDate(output.createdAt)} ${clock(output.createdAt)} · ${output.width}×${output.height}`}
      />
      <div className="review-body">
        <div className={`review-stages ${comparing && display.compare === 'side' ? 'two' : ''}`}>
          {comparing && display.compare === 'side' && (
            <ImageStage
              {...shared}
              src={srcOf(comparing)}
              alt={comparing.label}
              width={comparing.width}
              height={comparing.height}
              caption={nameOf(comparing)}
              testId="stage-before"
            />
          )}
          <ImageStage
            {...shared}
            src={srcOf(output)}
            alt={output.label}
            width={output.width}
            height={output.height}
            {...(comparing
              ? { caption: comparing.outputId === previous?.outputId ? 'After · this output' : 'A · this output' }
              : {})}
            {...(comparing && display.compare === 'wipe'
              ? {
                  wipe: {
                    src: srcOf(comparing),
                    alt: comparing.label,
                    width: comparing.width,
                    height: comparing.height,
                    at: wipeAt,
                    onAt: setWipeAt,
                    caption: nameOf(comparing),
                  },
                }
              : {})}
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
