import { useStudio } from '../../store/store.ts';

/**
 * Shown when another window saved the open shot while this one has unsaved edits: nothing is saved over
 * either version until the user picks one, or merges them when they changed different parts.
 */
export function ShotConflict() {
  const conflict = useStudio((s) => s.conflict);
  const resolve = useStudio((s) => s.resolveConflict);
  if (!conflict) return null;
  return (
    <div className="save-ctl">
      <div
        className="popover conflict"
        role="alertdialog"
        aria-label="Shot changed in another window"
        data-testid="shot-conflict"
      >
        <div className="conflict-title">
          “{conflict.theirs.name}” was saved in another window while you were editing it.
        </div>
        <div className="muted small">
          Your edits are still here, not saved. Reload takes the other version (revision {conflict.theirs.revision}) and
          drops yours; keep mine saves yours over it
          {conflict.mergeable ? '; merge keeps both, since you changed different parts' : ''}.
        </div>
        <div className="conflict-actions">
          <button className="btn" onClick={() => void resolve('reload')} data-testid="conflict-reload">
            Reload
          </button>
          {conflict.mergeable && (
            <button className="btn" onClick={() => void resolve('merge')} data-testid="conflict-merge">
              Merge both
            </button>
          )}
          <button className="btn" onClick={() => void resolve('keep')} data-testid="conflict-keep">
            Keep mine (overwrite)
          </button>
        </div>
      </div>
    </div>
  );
}
