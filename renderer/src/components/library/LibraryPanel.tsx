import { useState } from 'react';
import { useStudio } from '../../store/store.ts';
import { GarmentGrid, SceneGrid } from './CatalogGrid.tsx';
import { ImportDrop } from './ImportDrop.tsx';
import { TwinCard } from './TwinCard.tsx';

type Tab = 'twins' | 'garments' | 'scenes';

export function LibraryPanel() {
  const [tab, setTab] = useState<Tab>('twins');
  const twins = useStudio((s) => s.twins);
  const garments = useStudio((s) => s.garments);
  const scenes = useStudio((s) => s.scenes);
  const loaded = useStudio((s) => s.libraryLoaded);
  const counts: Record<Tab, number> = { twins: twins.length, garments: garments.length, scenes: scenes.length };
  return (
    <aside className="panel library" data-testid="library">
      <div className="panel-title">Library</div>
      <div className="tabs">
        {(['twins', 'garments', 'scenes'] as const).map((t) => (
          <button
            key={t}
            className={`tab ${tab === t ? 'active' : ''}`}
            onClick={() => setTab(t)}
            data-testid={`library-tab-${t}`}
          >
            {t[0]!.toUpperCase() + t.slice(1)} <span className="count">{counts[t]}</span>
          </button>
        ))}
      </div>
      <ImportDrop>
        <div className="panel-scroll">
          {!loaded && <div className="muted pad">Loading…</div>}
          {loaded &&
            tab === 'twins' &&
            (twins.length === 0 ? (
              <div className="muted small pad">No twins yet. Import a .twinpack from the agency.</div>
            ) : (
              twins.map((t) => <TwinCard key={t.twinId} twin={t} />)
            ))}
          {loaded && tab === 'garments' && <GarmentGrid garments={garments} />}
          {loaded && tab === 'scenes' && <SceneGrid scenes={scenes} />}
        </div>
      </ImportDrop>
    </aside>
  );
}
