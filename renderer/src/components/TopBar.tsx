import { useState } from 'react';
import { useStudio } from '../store/store.ts';
import { NewShot } from './canvas/NewShot.tsx';
import { clock } from './common/format.ts';
import { ShotConflict } from './common/ShotConflict.tsx';
import { RenderButton } from './render/RenderButton.tsx';

function SaveState() {
  const save = useStudio((s) => s.save);
  const shot = useStudio((s) => s.shot);
  if (!shot) return null;
  const text =
    save.state === 'saving'
      ? 'Saving…'
      : save.state === 'dirty'
        ? 'Edited'
        : save.state === 'conflict'
          ? 'Not saved: changed in another window'
          : save.state === 'error'
            ? 'Not saved'
            : save.at
              ? `Saved ${clock(save.at)}`
              : 'Saved';
  return (
    <span className={`save-state ${save.state}`} title={save.message ?? ''} data-testid="save-state">
      {text}
    </span>
  );
}

export function TopBar() {
  const view = useStudio((s) => s.view);
  const setView = useStudio((s) => s.setView);
  const shots = useStudio((s) => s.shots);
  const shot = useStudio((s) => s.shot);
  const openShot = useStudio((s) => s.openShot);
  const editor = useStudio((s) => s.editor);
  const canUndo = useStudio((s) => s.canUndo);
  const canRedo = useStudio((s) => s.canRedo);
  const zoom = useStudio((s) => s.zoom);
  const mode = useStudio((s) => s.info?.mode);
  const [creating, setCreating] = useState(false);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden>
          ◐
        </span>
        Twin Studio
        {mode === 'browser' && <span className="chip">browser mode</span>}
      </div>
      <nav className="views">
        {(['compose', 'outputs', 'review', 'export', 'ingest', 'settings'] as const).map((v) => (
          <button
            key={v}
            className={`view-tab ${view === v ? 'active' : ''}`}
            onClick={() => setView(v)}
            data-testid={`view-${v}`}
          >
            {v[0]!.toUpperCase() + v.slice(1)}
          </button>
        ))}
      </nav>
      {view === 'compose' && (
        <div className="shot-ctl">
          <select
            value={shot?.shotId ?? ''}
            onChange={(e) => void openShot(e.target.value)}
            data-testid="shot-picker"
            disabled={shots.length === 0}
          >
            {shots.length === 0 && <option value="">No shots yet</option>}
            {shots.map((s) => (
              <option key={s.shotId} value={s.shotId}>
                {s.name}
              </option>
            ))}
          </select>
          <button className="btn" onClick={() => setCreating(!creating)} data-testid="new-shot-button">
            New shot
          </button>
          {creating && (
            <div className="popover left">
              <NewShot onDone={() => setCreating(false)} />
            </div>
          )}
          {editor && (
            <>
              <span className="sep" />
              <button
                className="icon-btn"
                disabled={!canUndo}
                onClick={() => editor?.undo()}
                title="Undo (Ctrl+Z)"
                aria-label="Undo"
                data-testid="undo"
              >
                ↶
              </button>
              <button
                className="icon-btn"
                disabled={!canRedo}
                onClick={() => editor?.redo()}
                title="Redo (Ctrl+Shift+Z)"
                aria-label="Redo"
              >
                ↷
              </button>
              <span className="sep" />
              <button
                className="icon-btn"
                onClick={() => editor?.zoomBy(0.8)}
                title="Zoom out (-)"
                aria-label="Zoom out"
              >
                −
              </button>
              <button className="zoom" onClick={() => editor?.fitToView()} title="Fit (0)" data-testid="zoom">
                {Math.round(zoom * 100)}%
              </button>
              <button
                className="icon-btn"
                onClick={() => editor?.zoomBy(1.25)}
                title="Zoom in (+)"
                aria-label="Zoom in"
              >
                +
              </button>
            </>
          )}
        </div>
      )}
      <div className="spacer" />
      {view === 'compose' && <SaveState />}
      {view === 'compose' && <ShotConflict />}
      {view === 'compose' && <RenderButton />}
    </header>
  );
}
