import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { OutputView } from '../../../../src/contract/index.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { Unavailable } from '../common/Unavailable.tsx';
import { GalleryFilters } from './GalleryFilters.tsx';
import { GalleryGrid } from './GalleryGrid.tsx';

function Provenance({ output }: { output: OutputView }) {
  const report = useStudio((s) => s.verify[output.outputId]);
  const verify = useStudio((s) => s.verifyOutput);
  return (
    <aside className="provenance">
      <div className="section-label">Provenance</div>
      <dl>
        <dt>Label</dt>
        <dd>{output.label}</dd>
        <dt>Twin</dt>
        <dd className="mono">{output.twinId}</dd>
        <dt>Licence</dt>
        <dd className="mono">{output.licenceId}</dd>
        <dt>Usage</dt>
        <dd className="mono">{output.usageId}</dd>
      </dl>
      <button className="btn" onClick={() => void verify(output.outputId)}>
        Verify file
      </button>
      {report && 'checks' in report && (
        <ul className="checks">
          {report.checks.map((c) => (
            <li key={c.name} className={c.ok ? 'ok' : 'bad'}>
              <span className="dot" /> {c.name}: {c.detail}
            </li>
          ))}
        </ul>
      )}
      {report && 'code' in report && <div className="danger-text small">{report.message}</div>}
    </aside>
  );
}

export function OutputsView() {
  const client = useClient();
  const outputs = useStudio((s) => s.outputs);
  const status = useStudio((s) => s.outputsStatus);
  const filter = useStudio((s) => s.outputsFilter);
  const shots = useStudio((s) => s.shots);
  const openShot = useStudio((s) => s.openShot);
  const setView = useStudio((s) => s.setView);
  const [open, setOpen] = useState<OutputView | null>(null);
  // The output the keys act on in the grid; the one last opened, so closing the viewer goes on from there.
  const [activeId, setActiveId] = useState<string | null>(null);
  // null: fit the window, so the label in the corner is visible; the buttons switch to an explicit zoom.
  const [zoom, setZoom] = useState<number | null>(null);
  const scroller = useRef<HTMLElement | null>(null);
  const [scrollerEl, setScrollerEl] = useState<HTMLElement | null>(null);
  const scrollerRef = useCallback((el: HTMLElement | null) => {
    scroller.current = el;
    setScrollerEl(el);
  }, []);
  // Where the grid was scrolled to when an output opened: closing the viewer goes back there.
  const gridScroll = useRef(0);
  useLayoutEffect(() => {
    if (!open && scroller.current) scroller.current.scrollTop = gridScroll.current;
  }, [open]);
  const openOutput = useCallback((o: OutputView) => {
    gridScroll.current = scroller.current?.scrollTop ?? 0;
    setOpen(o);
    setActiveId(o.outputId);
    setZoom(null);
  }, []);
  const filtered = Object.keys(filter).length > 0;
  return (
    <main className="outputs-view" data-testid="outputs" ref={scrollerRef}>
      <Unavailable what="outputs gallery" status={status} />
      {!open && status.state !== 'unavailable' && <GalleryFilters />}
      {status.state === 'ready' && outputs.length === 0 && (
        <div className="empty">
          {filtered ? 'No outputs match these filters.' : 'No renders yet. Compose a shot and press Render.'}
        </div>
      )}
      {!open && <GalleryGrid scroller={scrollerEl} activeId={activeId} onActive={setActiveId} onOpen={openOutput} />}
      {open && (
        <div className="viewer">
          <div className="viewer-bar">
            <button className="btn" onClick={() => setOpen(null)}>
              ← Gallery
            </button>
            <button className="btn" onClick={() => setZoom((zoom ?? 0.5) / 1.25)}>
              −
            </button>
            <button className="zoom" onClick={() => setZoom(null)} title="Fit">
              {zoom === null ? 'Fit' : `${Math.round(zoom * 100)}%`}
            </button>
            <button className="btn" onClick={() => setZoom((zoom ?? 0.5) * 1.25)}>
              +
            </button>
            <button className="btn" onClick={() => setZoom(1)}>
              100%
            </button>
            <div className="spacer" />
            <button
              className="link-btn small"
              onClick={() => void openShot(open.shotId).then(() => setView('compose'))}
              title="Open this output's shot in Compose"
              data-testid="gallery-open-shot"
            >
              {shots.find((s) => s.shotId === open.shotId)?.name ?? open.shotId} ↗
            </button>
          </div>
          <div className="viewer-body">
            <div className={`viewer-image ${zoom === null ? 'fit' : ''}`}>
              <img
                src={client.fileUrl(open.file)}
                alt={open.label}
                style={zoom === null ? undefined : { width: open.width * zoom, height: open.height * zoom }}
              />
            </div>
            <Provenance output={open} />
          </div>
        </div>
      )}
    </main>
  );
}
