import { OUTPUT_STATES } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';
import type { GalleryFilter } from '../../store/types.ts';

/** One select of the filter bar: "All" clears the key. */
export function FilterSelect(props: {
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label className="gallery-filter">
      <span className="muted small">{props.label}</span>
      <select
        aria-label={props.label}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">All</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "At least n stars", answered by the core (`minRating`). */
export const RATING_OPTIONS = [1, 2, 3, 4, 5].map((n) => ({
  value: String(n),
  label: `${'★'.repeat(n)}${n < 5 ? ' or more' : ''}`,
}));

/** Every pose of the imported twins, once each, as filter options. */
export function poseOptions(twins: readonly { poses: readonly { poseId: string; name: string }[] }[]) {
  const poses = new Map<string, string>();
  for (const t of twins) for (const p of t.poses) if (!poses.has(p.poseId)) poses.set(p.poseId, p.name);
  return [...poses].map(([value, label]) => ({ value, label }));
}

/** The gallery's filters (state, shot, scene, pose); each change asks the core for a new first page. */
export function GalleryFilters() {
  const filter = useStudio((s) => s.outputsFilter);
  const setFilter = useStudio((s) => s.setOutputsFilter);
  const shots = useStudio((s) => s.shots);
  const scenes = useStudio((s) => s.scenes);
  const twins = useStudio((s) => s.twins);
  const change = (key: keyof GalleryFilter) => (value: string | undefined) => {
    const next: Record<string, string | number> = { ...filter };
    if (value === undefined) delete next[key];
    else next[key] = key === 'minRating' ? Number(value) : value;
    void setFilter(next as GalleryFilter);
  };
  return (
    <div className="gallery-filters" data-testid="gallery-filters">
      <FilterSelect
        label="State"
        value={filter.state}
        options={OUTPUT_STATES.map((s) => ({ value: s, label: s }))}
        onChange={change('state')}
      />
      <FilterSelect
        label="Shot"
        value={filter.shotId}
        options={shots.map((s) => ({ value: s.shotId, label: s.name }))}
        onChange={change('shotId')}
      />
      <FilterSelect
        label="Scene"
        value={filter.sceneId}
        options={scenes.map((s) => ({ value: s.sceneId, label: s.name }))}
        onChange={change('sceneId')}
      />
      <FilterSelect label="Pose" value={filter.poseId} options={poseOptions(twins)} onChange={change('poseId')} />
      <FilterSelect
        label="Rating"
        value={filter.minRating === undefined ? undefined : String(filter.minRating)}
        options={RATING_OPTIONS}
        onChange={change('minRating')}
      />
    </div>
  );
}
