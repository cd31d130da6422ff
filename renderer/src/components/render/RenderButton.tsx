import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../../store/store.ts';
import { RefusalNote } from '../common/RefusalNote.tsx';

/** Render the shot, or the same look across other scenes / poses in one go. */
export function RenderButton() {
  const info = useStudio((s) => s.info);
  const shot = useStudio((s) => s.shot);
  const scenes = useStudio((s) => s.scenes);
  const twins = useStudio((s) => s.twins);
  const poses = twins.find((t) => t.twinId === shot?.twin.twinId)?.poses.map((p) => p.poseId) ?? [];
  const policy = useStudio((s) => s.policy);
  const render = useStudio((s) => s.render);
  const makeProof = useStudio((s) => s.makeProof);
  const proofBusy = useStudio((s) => s.proofBusy);
  const error = useStudio((s) => s.renderError);
  const dismiss = useStudio((s) => s.dismissRenderError);
  const [menu, setMenu] = useState(false);
  const popover = useRef<HTMLDivElement>(null);
  // The refusal closes on Esc or a click anywhere outside it, like any popover.
  useEffect(() => {
    if (!error) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && dismiss();
    const onPointer = (e: PointerEvent) => !popover.current?.contains(e.target as Node) && dismiss();
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [error, dismiss]);
  const available = info?.services.render ?? false;
  const refused = policy?.allowed === false;
  const title = !available
    ? 'Rendering is not available in this build yet'
    : refused
      ? policy.advice || policy.message
      : 'Render this shot (R)';
  return (
    <div className="render-ctl">
      <button
        className="btn"
        disabled={!shot || !available || proofBusy}
        title="Proof: the shot at screen size on the canvas, with the proof mark; uses no licence image (P)"
        onClick={() => void makeProof()}
        data-testid="proof"
      >
        {proofBusy ? 'Proofing…' : 'Proof'}
      </button>
      <div className="split">
        <button
          className="btn primary"
          disabled={!shot || !available}
          title={title}
          onClick={() => void render()}
          data-testid="render"
        >
          Render
        </button>
        <button
          className="btn primary caret"
          disabled={!shot || !available}
          onClick={() => setMenu(!menu)}
          aria-label="Render variants"
        >
          ▾
        </button>
      </div>
      {!available && (
        <span className="muted small" data-testid="render-unavailable">
          Rendering not available yet
        </span>
      )}
      {menu && shot && (
        <div className="menu" onMouseLeave={() => setMenu(false)}>
          <button
            onClick={() => {
              setMenu(false);
              void render({
                sceneIds: scenes.map((s) => s.sceneId).filter((id) => id !== shot.scene.sceneId),
                poseIds: [],
              });
            }}
          >
            Render in every scene ({scenes.length})
          </button>
          <button
            onClick={() => {
              setMenu(false);
              void render({ sceneIds: [], poseIds: poses.filter((id) => id !== shot.twin.poseId) });
            }}
          >
            Render in every pose ({poses.length})
          </button>
        </div>
      )}
      {error && (
        <div className="popover" ref={popover} data-testid="render-refusal">
          <RefusalNote
            refusal={{
              code: error.code,
              message: error.message,
              advice: typeof error.details.advice === 'string' ? error.details.advice : '',
            }}
          />
        </div>
      )}
    </div>
  );
}
