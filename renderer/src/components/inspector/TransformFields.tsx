import type { Transform } from '../../../../src/contract/index.ts';
import type { Editor } from '../../../editor/index.ts';
import { useStudio } from '../../store/store.ts';

const FIELDS: { key: keyof Transform; label: string; step: number; unit: string; scale?: number }[] = [
  { key: 'x', label: 'X', step: 1, unit: 'px' },
  { key: 'y', label: 'Y', step: 1, unit: 'px' },
  { key: 'scale', label: 'Scale', step: 1, unit: '%', scale: 100 },
  { key: 'rotation', label: 'Rotate', step: 1, unit: '°' },
];

export function TransformFields({ editor }: { editor: Editor }) {
  const t = useStudio((s) => s.shot?.twin.transform);
  if (!t) return null;
  return (
    <section className="inspector-section">
      <div className="section-label">Twin position</div>
      <div className="fields">
        {FIELDS.map((f) => (
          <label key={f.key} className="field">
            <span>{f.label}</span>
            <input
              type="number"
              step={f.step}
              value={Math.round(t[f.key] * (f.scale ?? 1) * 10) / 10}
              data-testid={`field-${f.key}`}
              onChange={(e) => {
                const v = Number(e.target.value) / (f.scale ?? 1);
                if (!Number.isFinite(v) || (f.key === 'scale' && v <= 0)) return;
                editor.setTransform({ ...t, [f.key]: v }, f.label, `field-${f.key}`);
              }}
            />
            <em>{f.unit}</em>
          </label>
        ))}
      </div>
    </section>
  );
}
