import { COLOUR_LABELS } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';
import type { ReviewQuery } from '../../store/types.ts';
import { FilterSelect, poseOptions, RATING_OPTIONS } from '../outputs/GalleryFilters.tsx';

/** Shot, scene, pose, rating and colour for the review grid; each change asks the core for a new first page. */
export function ReviewFilters() {
  const query = useStudio((s) => s.reviewQuery);
  const setQuery = useStudio((s) => s.setReviewQuery);
  const shots = useStudio((s) => s.shots);
  const scenes = useStudio((s) => s.scenes);
  const twins = useStudio((s) => s.twins);
  const change =
    <K extends keyof ReviewQuery>(key: K, parse: (v: string) => ReviewQuery[K]) =>
    (value: string | undefined) => {
      const next: ReviewQuery = { ...query };
      if (value === undefined) delete next[key];
      else next[key] = parse(value);
      void setQuery(next);
    };
  const text = (v: string) => v;
  return (
    <div className="gallery-filters review-query" data-testid="review-filters">
      <FilterSelect
        label="Shot"
        value={query.shotId}
        options={shots.map((s) => ({ value: s.shotId, label: s.name }))}
        onChange={change('shotId', text)}
      />
      <FilterSelect
        label="Scene"
        value={query.sceneId}
        options={scenes.map((s) => ({ value: s.sceneId, label: s.name }))}
        onChange={change('sceneId', text)}
      />
      <FilterSelect label="Pose" value={query.poseId} options={poseOptions(twins)} onChange={change('poseId', text)} />
      <FilterSelect
        label="Rating"
        value={query.minRating === undefined ? undefined : String(query.minRating)}
        options={RATING_OPTIONS}
        onChange={change('minRating', Number)}
      />
      <FilterSelect
        label="Colour"
        value={query.colour}
        options={COLOUR_LABELS.map((c) => ({ value: c, label: c }))}
        onChange={change('colour', (v) => v as ReviewQuery['colour'])}
      />
    </div>
  );
}
