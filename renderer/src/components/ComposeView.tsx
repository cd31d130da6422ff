import { useStudio } from '../store/store.ts';
import { CanvasView } from './canvas/CanvasView.tsx';
import { NewShot } from './canvas/NewShot.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { GARMENT_DRAG_TYPE } from './library/CatalogGrid.tsx';
import { LibraryPanel } from './library/LibraryPanel.tsx';
import { QueuePanel } from './render/QueuePanel.tsx';

export function ComposeView() {
  const editor = useStudio((s) => s.editor);
  const loaded = useStudio((s) => s.libraryLoaded);
  return (
    <div className="compose">
      <LibraryPanel />
      <main
        className="stage"
        onDragOver={(e) => e.dataTransfer.types.includes(GARMENT_DRAG_TYPE) && e.preventDefault()}
        onDrop={(e) => {
          const id = e.dataTransfer.getData(GARMENT_DRAG_TYPE);
          if (id && editor) {
            e.preventDefault();
            editor.addGarment(id);
          }
        }}
      >
        {editor ? (
          <CanvasView key={editor.shot().shotId} editor={editor} />
        ) : (
          loaded && (
            <div className="stage-empty">
              <NewShot />
            </div>
          )
        )}
      </main>
      <aside className="panel right" data-testid="shot-panel">
        <div className="panel-title">Shot</div>
        <div className="panel-scroll">
          {editor ? <Inspector editor={editor} /> : <div className="muted small pad">No shot open.</div>}
        </div>
        <div className="panel-dock">
          <QueuePanel />
        </div>
      </aside>
    </div>
  );
}
