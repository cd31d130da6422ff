import { useState } from 'react';
import type { IngestSessionView } from '../../../../src/contract/index.ts';
import type { IngestDoc } from '../../../editor/ingestEditor.ts';
import { useClient, useStudio } from '../../store/store.ts';

const slug = (name: string): string =>
  name
    .replace(/\.[^.]+$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'photo';

/** Where the edited cut-out goes: a pose into a pack folder, or a garment into the library. */
export function SavePanel(props: {
  session: IngestSessionView;
  doc: IngestDoc;
  packDir: string;
  onPackDir(dir: string): void;
}) {
  const { session, doc, packDir, onPackDir: setPackDir } = props;
  const client = useClient();
  const notify = useStudio((s) => s.notify);
  const [id, setId] = useState(slug(session.name));
  const [sku, setSku] = useState('');
  const [name, setName] = useState('');
  const [layer, setLayer] = useState<'under' | 'over'>('over');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  // A pose carries all 17 keypoints (hidden ones where they were left); a garment only the landmarks shown.
  const points = Object.fromEntries(
    Object.entries(doc.points)
      .filter(([, p]) => session.kind === 'pose' || !p.hidden)
      .map(([n, p]) => [
        n,
        session.kind === 'pose'
          ? { x: p.x, y: p.y, visibility: p.hidden ? ('occluded' as const) : ('visible' as const) }
          : { x: p.x, y: p.y },
      ]),
  );

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      if (session.kind === 'pose') {
        const r = await client.call('ingest.savePose', {
          sessionId: session.sessionId,
          packDir,
          poseId: id,
          points,
          strokes: doc.strokes,
          frontStrokes: doc.front,
        });
        setSaved(`Saved ${r.image}${r.front ? ' with its front parts' : ''}`);
        notify({ tone: 'ok', title: `Pose ${r.poseId} saved`, body: r.image });
      } else {
        const g = await client.call('ingest.saveGarment', {
          sessionId: session.sessionId,
          garmentId: id,
          sku,
          name,
          layer,
          points,
          strokes: doc.strokes,
        });
        setSaved(`Imported ${g.name} into the library`);
        notify({ tone: 'ok', title: `Garment ${g.name} imported` });
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const ready = session.kind === 'pose' ? packDir.trim() !== '' && id !== '' : id !== '' && sku !== '' && name !== '';
  return (
    <div className="ingest-save" data-testid="ingest-save">
      <div className="muted small">
        {session.name}: {session.width}×{session.height} px, cut from ({session.crop.x}, {session.crop.y}); covers{' '}
        {Math.round(session.alphaCoverage * 100)} %
        {doc.strokes.length > 0 ? `; ${doc.strokes.length} brush stroke${doc.strokes.length > 1 ? 's' : ''}` : ''}
      </div>
      {session.kind === 'pose' ? (
        <>
          <label className="field stack">
            <span className="muted small">Pack folder</span>
            <input
              value={packDir}
              onChange={(e) => setPackDir(e.target.value)}
              placeholder="/path/to/twin-pack"
              data-testid="ingest-pack-dir"
            />
          </label>
          <label className="field stack">
            <span className="muted small">Pose id</span>
            <input value={id} onChange={(e) => setId(e.target.value)} data-testid="ingest-pose-id" />
          </label>
        </>
      ) : (
        <>
          <label className="field stack">
            <span className="muted small">Garment id</span>
            <input value={id} onChange={(e) => setId(e.target.value)} data-testid="ingest-garment-id" />
          </label>
          <label className="field stack">
            <span className="muted small">SKU</span>
            <input value={sku} onChange={(e) => setSku(e.target.value)} data-testid="ingest-sku" />
          </label>
          <label className="field stack">
            <span className="muted small">Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="ingest-name" />
          </label>
          <label className="field stack">
            <span className="muted small">Layer</span>
            <select value={layer} onChange={(e) => setLayer(e.target.value as 'under' | 'over')}>
              <option value="over">over</option>
              <option value="under">under</option>
            </select>
          </label>
        </>
      )}
      <button
        className="btn primary wide"
        disabled={!ready || busy}
        onClick={() => void save()}
        data-testid="ingest-save-button"
      >
        {busy ? 'Saving…' : session.kind === 'pose' ? 'Save pose into pack' : 'Import garment'}
      </button>
      {error && (
        <div className="refusal" data-testid="ingest-save-error">
          {error}
        </div>
      )}
      {saved && (
        <div className="muted small" data-testid="ingest-saved">
          {saved}
        </div>
      )}
    </div>
  );
}
