import type { Editor, LayerId } from '../../../editor/index.ts';
import { useStudio } from '../../store/store.ts';

export function LayersList({ editor }: { editor: Editor }) {
  useStudio((s) => s.shot);
  const selection = useStudio((s) => s.selection);
  const layers = [...editor.layers()].reverse();
  const move = (id: LayerId, d: 1 | -1) => editor.reorder(id, d);
  return (
    <section className="inspector-section">
      <div className="section-label">Layers</div>
      <ul className="layers" data-testid="layers">
        {layers.map((l, i) => (
          <li
            key={l.id}
            className={`layer-row ${selection === l.id ? 'selected' : ''} ${l.hidden ? 'hidden' : ''}`}
            onClick={() => editor.select(l.id)}
            data-testid={`layer-${l.id}`}
          >
            <button
              className="icon-btn"
              title={l.hidden ? 'Show (H)' : 'Hide (H)'}
              aria-label={l.hidden ? `Show ${l.name}` : `Hide ${l.name}`}
              onClick={(e) => {
                e.stopPropagation();
                editor.toggleHidden(l.id);
              }}
            >
              {l.hidden ? '◌' : '●'}
            </button>
            <span className="layer-kind">{l.kind === 'twin' ? 'Twin' : 'Garment'}</span>
            <span className="layer-name">{l.name}</span>
            {l.kind === 'garment' && (
              <span className="layer-actions">
                <button
                  className="icon-btn"
                  title="Bring forward (])"
                  disabled={i === 0}
                  onClick={(e) => (e.stopPropagation(), move(l.id, 1))}
                >
                  ↑
                </button>
                <button
                  className="icon-btn"
                  title="Send backward ([)"
                  disabled={layers[i + 1]?.kind !== 'garment'}
                  onClick={(e) => (e.stopPropagation(), move(l.id, -1))}
                >
                  ↓
                </button>
                <button
                  className="icon-btn"
                  title="Remove from shot (Delete)"
                  onClick={(e) => (e.stopPropagation(), editor.removeLayer(l.id))}
                >
                  ✕
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {layers.some((l) => l.kind === 'garment') && (
        <div className="muted small hint">Garments are fitted to the body's keypoints and move with the twin.</div>
      )}
    </section>
  );
}
