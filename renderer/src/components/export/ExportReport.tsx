import type { ExportReportView } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';

/** Browser mode: the zip downloads (the server streams it); desktop: the folder opens in the file manager. */
function Deliver({ report }: { report: ExportReportView }) {
  const mode = useStudio((s) => s.info?.mode);
  const reveal = useStudio((s) => s.revealExport);
  if (report.download)
    return (
      <a className="btn primary" href={report.download} download data-testid="export-download">
        Download zip
      </a>
    );
  if (mode === 'electron')
    return (
      <button className="btn" onClick={() => void reveal()} data-testid="export-open-folder">
        {report.zip ? 'Show zip in folder' : 'Open folder'}
      </button>
    );
  return null;
}

/** What an export did: the files in the batch, what was held back with what to do about it, and where it is. */
export function ExportReport({ report }: { report: ExportReportView }) {
  const byFile = new Set(report.exported);
  return (
    <section className="settings-card export-report" data-testid="export-report">
      <h2>
        Batch “{report.preset}”: {report.exported.length} exported · {report.skipped.length} already there ·{' '}
        {report.heldBack.length} held back
      </h2>
      <div className="kv">
        <span>{report.zip ? 'Batch zip' : 'Batch folder'}</span>
        <span className="mono" data-testid="export-dir">
          {report.zip ?? report.dir}
        </span>
      </div>
      <div className="export-actions">
        <Deliver report={report} />
      </div>
      {report.upscaled && report.upscaled.length > 0 && (
        <div className="banner warn" data-testid="export-upscaled">
          Upscaled beyond the source: {report.upscaled.map((u) => `${u.file} (${u.factor.toFixed(2)}×)`).join(', ')}
        </div>
      )}
      <div className="muted small">
        manifest.json and labels.csv in the folder list every image with its usage id, licence and disclosure.
      </div>
      <div className="section-label">Images ({report.images.length})</div>
      <table className="report-table" data-testid="export-images">
        <thead>
          <tr>
            <th>File</th>
            <th>SKU</th>
            <th>Shot</th>
            <th>Approved by</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {report.images.map((i) => (
            <tr key={i.file} data-output-id={i.outputId}>
              <td className="mono">{i.file}</td>
              <td>{i.sku}</td>
              <td>{i.shotId}</td>
              <td>{i.approvedBy}</td>
              <td className="muted small">{byFile.has(i.file) ? 'new' : 'kept'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.heldBack.length > 0 && (
        <>
          <div className="section-label">Held back ({report.heldBack.length})</div>
          <ul className="held-list" data-testid="export-held">
            {report.heldBack.map((h) => (
              <li key={h.outputId} className="refusal" data-output-id={h.outputId}>
                <div className="refusal-title">
                  {h.shotId} · <span className="mono small">{h.code}</span>
                </div>
                <div>{h.advice || h.message}</div>
                {h.advice && <div className="refusal-fact">{h.message}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.withdrawn.length > 0 && (
        <div className="banner warn">Taken out of the batch (no longer cleared): {report.withdrawn.join(', ')}</div>
      )}
      {report.warnings.map((w) => (
        <div key={w.file} className="banner warn">
          {w.file}: {w.message}
        </div>
      ))}
    </section>
  );
}
