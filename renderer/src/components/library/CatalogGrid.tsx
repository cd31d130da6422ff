import type { GarmentView, SceneView } from '../../../../src/contract/index.ts';
import { useClient, useStudio } from '../../store/store.ts';

export const GARMENT_DRAG_TYPE = 'application/x-twin-studio-garment';

export function GarmentGrid({ garments }: { garments: GarmentView[] }) {
  const client = useClient();
  const editor = useStudio((s) => s.editor);
  const shot = useStudio((s) => s.shot);
  const categories = [...new Set(garments.map((g) => g.category))];
  if (garments.length === 0)
    return <div className="muted small pad">No garments yet. Import a garment.json with its RGBA image.</div>;
  return (
    <>
      {categories.map((category) => (
        <section key={category}>
          <div className="section-label">{category}</div>
          <div className="grid">
            {garments
              .filter((g) => g.category === category)
              .map((g) => {
                const inShot = shot?.garments.some((x) => x.garmentId === g.garmentId) ?? false;
                return (
                  <button
                    key={g.garmentId}
                    className={`tile ${inShot ? 'active' : ''}`}
                    data-testid={`garment-${g.garmentId}`}
                    title={
                      inShot ? `${g.name} is in this shot` : `Add ${g.name} to the shot (or drag it onto the canvas)`
                    }
                    draggable
                    onDragStart={(e) => e.dataTransfer.setData(GARMENT_DRAG_TYPE, g.garmentId)}
                    onClick={() => editor?.addGarment(g.garmentId)}
                    disabled={!editor}
                  >
                    <div className="tile-img checker">
                      <img src={client.fileUrl(g.image)} alt="" draggable={false} />
                    </div>
                    <div className="tile-name">{g.name}</div>
                    <div className="muted small">{g.sku}</div>
                  </button>
                );
              })}
          </div>
        </section>
      ))}
    </>
  );
}

export function SceneGrid({ scenes }: { scenes: SceneView[] }) {
  const client = useClient();
  const editor = useStudio((s) => s.editor);
  const shot = useStudio((s) => s.shot);
  if (scenes.length === 0)
    return <div className="muted small pad">No scenes yet. Import a scene.json with its backdrop image.</div>;
  return (
    <div className="grid">
      {scenes.map((s) => {
        const active = shot?.scene.sceneId === s.sceneId;
        return (
          <button
            key={s.sceneId}
            className={`tile ${active ? 'active' : ''}`}
            data-testid={`scene-${s.sceneId}`}
            disabled={!editor}
            onClick={() => {
              if (!editor || !shot || active) return;
              editor.perform({
                kind: 'patch',
                label: 'Scene',
                before: { scene: shot.scene },
                after: { scene: { sceneId: s.sceneId } },
              });
            }}
          >
            <div className="tile-img">
              <img src={client.fileUrl(s.image)} alt="" draggable={false} />
            </div>
            <div className="tile-name">{s.name}</div>
            <div className="muted small">
              {s.width}×{s.height} · {s.kind}
            </div>
          </button>
        );
      })}
    </div>
  );
}
