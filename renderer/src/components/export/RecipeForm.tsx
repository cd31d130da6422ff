import { useEffect, useState } from 'react';
import { useStudio } from '../../store/store.ts';

/** The tokens a naming template may use, with what each becomes. */
const TOKENS: [string, string][] = [
  ['{sku}', 'the SKU'],
  ['{shot}', "the shot's name"],
  ['{scene}', 'the scene'],
  ['{channel}', 'the channel'],
  ['{index}', 'place in the batch: 001, 002…'],
  ['{date}', 'export day, YYYYMMDD'],
  ['{view}', 'the pose'],
  ['{n}', 'render number in the shot'],
];

const sizeValue = (text: string): number | null => {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) && n > 0 ? n : null;
};

/** Saved recipes: pick one, save the current settings under a name, delete one. */
function RecipePicker({ disabled }: { disabled: boolean }) {
  const recipes = useStudio((s) => s.recipes);
  const current = useStudio((s) => s.recipeName);
  const use = useStudio((s) => s.useRecipe);
  const save = useStudio((s) => s.saveRecipe);
  const remove = useStudio((s) => s.removeRecipe);
  const [name, setName] = useState('');
  return (
    <div className="recipe-row">
      <label className="field">
        <span>Recipe</span>
        <select
          value={current ?? ''}
          onChange={(e) => e.target.value && use(e.target.value)}
          disabled={disabled || recipes.length === 0}
          data-testid="recipe-select"
        >
          <option value="">{recipes.length === 0 ? 'No saved recipes' : 'Unsaved settings'}</option>
          {recipes.map((r) => (
            <option key={r.name} value={r.name}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <button className="btn" onClick={() => void remove(current)} disabled={disabled} data-testid="recipe-delete">
          Delete
        </button>
      )}
      <input
        placeholder="Recipe name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={60}
        disabled={disabled}
        data-testid="recipe-name"
      />
      <button
        className="btn"
        onClick={() => void save(name).then(() => setName(''))}
        disabled={disabled || !name.trim()}
        data-testid="recipe-save"
      >
        Save recipe
      </button>
    </div>
  );
}

/** What the export makes: SKU for shots without one, output size and naming; the planned names and any upscale. */
export function RecipeForm({ disabled }: { disabled: boolean }) {
  const spec = useStudio((s) => s.exportSpec);
  const setSpec = useStudio((s) => s.setExportSpec);
  const plan = useStudio((s) => s.exportPlan);
  const replan = useStudio((s) => s.planExport);
  const preset = useStudio((s) => s.presets.find((p) => p.name === s.exportPreset));
  // Typing settles before the names are asked for again.
  useEffect(() => {
    const t = setTimeout(() => void replan(), 250);
    return () => clearTimeout(t);
  }, [spec, replan]);
  const worst = plan.plan?.upscaled[0];
  return (
    <div className="recipe" data-testid="recipe">
      <RecipePicker disabled={disabled} />
      <div className="recipe-fields">
        <label className="field wide">
          <span>SKU (for shots without one)</span>
          <input
            value={spec.sku}
            onChange={(e) => setSpec({ sku: e.target.value })}
            maxLength={64}
            placeholder="e.g. SS27-DRESS-014"
            disabled={disabled}
            data-testid="recipe-sku"
          />
        </label>
        <div className="field wide">
          <span>Output size (px)</span>
          <div className="size-inputs">
            <input
              type="number"
              min={64}
              max={10000}
              aria-label="Width"
              placeholder={String(preset?.width ?? '')}
              value={spec.width ?? ''}
              onChange={(e) => setSpec({ width: sizeValue(e.target.value) })}
              disabled={disabled}
              data-testid="recipe-width"
            />
            <span>×</span>
            <input
              type="number"
              min={64}
              max={10000}
              aria-label="Height"
              placeholder={String(preset?.height ?? '')}
              value={spec.height ?? ''}
              onChange={(e) => setSpec({ height: sizeValue(e.target.value) })}
              disabled={disabled}
              data-testid="recipe-height"
            />
          </div>
        </div>
        <label className="field wide naming">
          <span>File names</span>
          <input
            value={spec.naming ?? ''}
            placeholder={preset?.naming ?? ''}
            onChange={(e) => setSpec({ naming: e.target.value || null })}
            maxLength={120}
            disabled={disabled}
            data-testid="recipe-naming"
          />
        </label>
      </div>
      <div className="token-list" aria-label="Naming tokens">
        {TOKENS.map(([token, meaning]) => (
          <button
            key={token}
            className="token"
            title={meaning}
            disabled={disabled}
            onClick={() => setSpec({ naming: `${spec.naming ?? preset?.naming ?? ''}${token}` })}
          >
            {token}
          </button>
        ))}
      </div>
      {plan.error && (
        <div className="refusal" data-testid="recipe-error">
          {plan.error.message}
        </div>
      )}
      {plan.plan && plan.plan.files.length > 0 && (
        <div className="muted small plan-names" data-testid="recipe-preview">
          {plan.plan.files.length} file{plan.plan.files.length === 1 ? '' : 's'}:{' '}
          <span className="mono">
            {plan.plan.files
              .slice(0, 3)
              .map((f) => f.file)
              .join(', ')}
          </span>
          {plan.plan.files.length > 3 ? ', …' : ''}
        </div>
      )}
      {worst && plan.plan && (
        <div className={plan.plan.upscale === 'refuse' ? 'refusal' : 'banner warn'} data-testid="upscale-warning">
          {plan.plan.upscaled.length} of {plan.plan.files.length} image
          {plan.plan.files.length === 1 ? '' : 's'} would be upscaled beyond the source, up to{' '}
          <strong>{worst.factor.toFixed(2)}×</strong> ({worst.width}×{worst.height} → {plan.plan.width}×
          {plan.plan.height}).{' '}
          {plan.plan.upscale === 'refuse'
            ? 'This preset refuses to upscale: choose a smaller output size.'
            : 'Choose a smaller output size for full sharpness, or export anyway.'}
        </div>
      )}
    </div>
  );
}
