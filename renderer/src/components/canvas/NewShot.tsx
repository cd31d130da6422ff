import { useState } from 'react';
import { useStudio } from '../../store/store.ts';

/** Starting a shot: a scene, a twin pose and a licence. Pre-filled with the first usable choices. */
export function NewShot({ onDone }: { onDone?: () => void }) {
  const twins = useStudio((s) => s.twins);
  const scenes = useStudio((s) => s.scenes);
  const create = useStudio((s) => s.createShot);
  const firstTwin = twins.find((t) => t.poses.length > 0);
  const [twinId, setTwinId] = useState(firstTwin?.twinId ?? '');
  const twin = twins.find((t) => t.twinId === twinId) ?? firstTwin;
  const [poseId, setPoseId] = useState('');
  const [sceneId, setSceneId] = useState('');
  const [licenceId, setLicenceId] = useState('');
  const [name, setName] = useState('New look');
  const pose = poseId || twin?.poses[0]?.poseId || '';
  const scene = sceneId || scenes[0]?.sceneId || '';
  const licence = licenceId || twin?.licences.find((l) => l.usable)?.licenceId || twin?.licences[0]?.licenceId || '';
  const missing = !twin
    ? 'Import a twin pack first.'
    : !scene
      ? 'Import a scene first.'
      : !licence
        ? `Import a licence for ${twin.displayName} first.`
        : null;
  return (
    <div className="new-shot" data-testid="new-shot">
      <h2>New shot</h2>
      <label className="field wide block">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field wide block">
        <span>Twin</span>
        <select
          value={twin?.twinId ?? ''}
          onChange={(e) => (setTwinId(e.target.value), setPoseId(''), setLicenceId(''))}
        >
          {twins.map((t) => (
            <option key={t.twinId} value={t.twinId}>
              {t.displayName}
            </option>
          ))}
        </select>
      </label>
      <label className="field wide block">
        <span>Pose</span>
        <select value={pose} onChange={(e) => setPoseId(e.target.value)}>
          {twin?.poses.map((p) => (
            <option key={p.poseId} value={p.poseId}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field wide block">
        <span>Scene</span>
        <select value={scene} onChange={(e) => setSceneId(e.target.value)}>
          {scenes.map((s) => (
            <option key={s.sceneId} value={s.sceneId}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field wide block">
        <span>Licence</span>
        <select value={licence} onChange={(e) => setLicenceId(e.target.value)}>
          {twin?.licences.map((l) => (
            <option key={l.licenceId} value={l.licenceId}>
              {l.licenceId} — {l.summary}
            </option>
          ))}
        </select>
      </label>
      {missing && <div className="muted small">{missing}</div>}
      <button
        className="btn primary"
        data-testid="create-shot"
        disabled={missing !== null || !name.trim()}
        onClick={() =>
          void create({
            name: name.trim(),
            sceneId: scene,
            twinId: twin!.twinId,
            poseId: pose,
            licenceId: licence,
          }).then(() => onDone?.())
        }
      >
        Create shot
      </button>
    </div>
  );
}
