import { useEffect, useState } from 'react';
import type { Editor } from '../../../editor/index.ts';
import { useStudio } from '../../store/store.ts';

/** Name, output size and look of the shot; sliders fold into one undo step while dragged. */
export function ShotSection({ editor }: { editor: Editor }) {
  const shot = useStudio((s) => s.shot);
  const [name, setName] = useState(shot?.name ?? '');
  useEffect(() => setName(shot?.name ?? ''), [shot?.shotId, shot?.name]);
  if (!shot) return null;
  const commitName = () => {
    const next = name.trim();
    if (next && next !== shot.name)
      editor.perform({ kind: 'patch', label: 'Rename', before: { name: shot.name }, after: { name: next } });
    else setName(shot.name);
  };
  const look = (key: 'shadow' | 'harmonize', value: number) =>
    editor.perform({
      kind: 'patch',
      label: key === 'shadow' ? 'Shadow' : 'Harmonize',
      before: { look: shot.look },
      after: { look: { ...shot.look, [key]: value } },
      mergeKey: `look-${key}`,
    });
  return (
    <section className="inspector-section">
      <div className="section-label">Shot</div>
      <label className="field wide">
        <span>Name</span>
        <input
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
          data-testid="shot-name"
        />
      </label>
      <div className="fields look">
        {(['shadow', 'harmonize'] as const).map((key) => (
          <label key={key} className="field wide">
            <span>
              {key === 'shadow' ? 'Contact shadow' : 'Colour harmonize'} <em>{Math.round(shot.look[key] * 100)}%</em>
            </span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.01}
              value={shot.look[key]}
              onChange={(e) => look(key, Number(e.target.value))}
            />
          </label>
        ))}
      </div>
      <div className="muted small">
        Output {shot.output.width} × {shot.output.height} px{shot.sku ? ` · SKU ${shot.sku}` : ''}
      </div>
    </section>
  );
}
