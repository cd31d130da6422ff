import { useEffect } from 'react';
import { useStudio } from '../../store/store.ts';
import { Unavailable } from '../common/Unavailable.tsx';
import { ExportReport } from './ExportReport.tsx';
import { RecipeForm } from './RecipeForm.tsx';

/** Where the batch goes: desktop — a folder picked in the dialog; browser — a zip the browser downloads. */
function Destination({ disabled }: { disabled: boolean }) {
  const mode = useStudio((s) => s.info?.mode);
  const folder = useStudio((s) => s.exportFolder);
  const choose = useStudio((s) => s.chooseExportFolder);
  if (mode !== 'electron')
    return (
      <div className="kv destination" data-testid="export-destination">
        <span>Destination</span>
        <span>A zip download (images, manifest.json and labels.csv)</span>
      </div>
    );
  return (
    <div className="kv destination" data-testid="export-destination">
      <span>Destination</span>
      <span className="destination-line">
        <span className="mono small">{folder ?? 'the workspace’s exports folder'}</span>
        <button className="btn" onClick={() => void choose()} disabled={disabled} data-testid="export-choose-folder">
          Choose folder…
        </button>
      </span>
    </div>
  );
}

function Progress() {
  const run = useStudio((s) => s.exportRun);
  const cancel = useStudio((s) => s.cancelExport);
  const p = run.progress;
  const share = p && p.total > 0 ? p.index / p.total : 0;
  return (
    <div className="export-progress" data-testid="export-progress">
      <div className="progress">
        <div style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <div className="export-progress-line">
        <span className="small">
          {p
            ? `${p.index} of ${p.total}${p.file ? ` · ${p.file}` : p.status === 'held' ? ` · held back (${p.code ?? ''})` : ''}`
            : 'Starting…'}
        </span>
        <button className="btn" onClick={() => void cancel()} data-testid="export-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Batch export of approved outputs: pick a preset, run it, read the report. */
export function ExportView() {
  const presets = useStudio((s) => s.presets);
  const status = useStudio((s) => s.presetsStatus);
  const chosen = useStudio((s) => s.exportPreset);
  const pick = useStudio((s) => s.pickPreset);
  const approved = useStudio((s) => s.approvedCount);
  const run = useStudio((s) => s.exportRun);
  const start = useStudio((s) => s.runExport);
  const refresh = useStudio((s) => s.refreshExport);
  useEffect(() => void refresh(), [refresh]);
  const running = run.state === 'running';
  const plan = useStudio((s) => s.exportPlan.plan);
  const refused = plan?.upscale === 'refuse' && plan.upscaled.length > 0;
  return (
    <main className="settings-view export-view" data-testid="export">
      <Unavailable what="batch export" status={status} />
      {status.state === 'ready' && (
        <section className="settings-card">
          <h2>Export approved outputs</h2>
          <div className="muted small">
            Only approved outputs with a verified usage record leave the studio; each is checked against its licence
            again and re-stamped.
          </div>
          <div className="preset-list" role="radiogroup" data-testid="preset-list">
            {presets.map((p) => (
              <label
                key={p.name}
                className={`preset ${chosen === p.name ? 'active' : ''}`}
                data-testid={`preset-${p.name}`}
              >
                <input
                  type="radio"
                  name="preset"
                  checked={chosen === p.name}
                  onChange={() => pick(p.name)}
                  disabled={running}
                />
                <span className="preset-text">
                  <span className="preset-name">{p.name}</span>
                  <span className="small">{p.summary}</span>
                  <span className="muted small">
                    {p.description ? `${p.description} · ` : ''}
                    {p.naming}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <RecipeForm disabled={running} />
          <Destination disabled={running} />
          <div className="export-actions">
            <button
              className="btn primary"
              disabled={!chosen || running || approved === 0 || refused}
              onClick={() => void start()}
              data-testid="export-run"
            >
              Export {approved === null ? 'approved' : `${approved} approved`}
            </button>
            {approved === 0 && (
              <span className="muted small">Nothing approved yet — approve outputs in Review first.</span>
            )}
          </div>
          {running && <Progress />}
          {run.state === 'cancelled' && <div className="banner warn">{run.error?.message}</div>}
          {run.state === 'failed' && <div className="refusal">{run.error?.message}</div>}
        </section>
      )}
      {run.report && <ExportReport report={run.report} />}
    </main>
  );
}
