import { useState } from 'react';
import type { OutputView } from '../../../../src/contract/index.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { Unavailable } from '../common/Unavailable.tsx';

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
  const shots = useStudio((s) => s.shots);
  const [open, setOpen] = useState<OutputView | null>(null);
  // null: fit the window, so the label in the corner is visible; the buttons switch to an explicit zoom.
  const [zoom, setZoom] = useState<number | null>(null);
  return (
    <main className="outputs-view" data-testid="outputs">
      <Unavailable what="outputs gallery" status={status} />
      {status.state === 'ready' && outputs.length === 0 && (
        <div className="empty">No renders yet. Compose a shot and press Render.</div>
      )}
      {!open && (
        <div className="gallery">
          {outputs.map((o) => (
            <button key={o.outputId} className="gallery-item" onClick={() => (setOpen(o), setZoom(null))}>
              <img src={client.fileUrl(o.thumbnail ?? o.file)} alt={o.label} />
              <span className="small">{shots.find((s) => s.shotId === o.shotId)?.name ?? o.shotId}</span>
              <span className="muted small">
                {plainDate(o.createdAt)} {clock(o.createdAt)} · {o.width}×{o.height}
              </span>
            </button>
          ))}
        </div>
      )}
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
