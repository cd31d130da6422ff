import { createProvenanceKit } from '../../app/index.ts';
import {
  applyRecipe,
  describePreset,
  exportBatch,
  findPreset,
  findRecipe,
  loadPresets,
  type ExportPreset,
  type ExportProgress,
} from '../../export/index.ts';
import { JSON_OPTION, stringFlag, WORKSPACE_OPTION, type Command, type CommandContext } from '../command.ts';
import { flagError, usageError } from '../run.ts';
import { withStudio, workspaceDirFor } from '../workspaceArg.ts';

const BAR_WIDTH = 24;

/** One stderr line per image: a bar, the count, and what happened to it. */
function progressLine(event: Extract<ExportProgress, { type: 'image' }>): string {
  const filled = Math.round((event.index / Math.max(1, event.total)) * BAR_WIDTH);
  const what =
    event.status === 'held'
      ? `held back ${event.outputId} (${event.code ?? ''})`
      : `${event.status} ${event.file ?? ''}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${event.index}/${event.total} ${what}`;
}

function parseFilter(value: string | undefined): 'approved' | undefined {
  if (value === undefined) return undefined;
  const match = /^state=(\w+)$/.exec(value.trim());
  if (!match) throw flagError('--filter', 'state=approved', value);
  if (match[1] !== 'approved')
    throw usageError(`only approved outputs export; --filter state=${match[1]} is not allowed`);
  return 'approved';
}

async function listPresets(ctx: CommandContext): Promise<number> {
  const presets = loadPresets(workspaceDirFor(ctx));
  if (ctx.flags.json) for (const p of presets) ctx.io.out(JSON.stringify(p));
  else for (const p of presets) ctx.io.out(describePreset(p));
  return 0;
}

export const exportCommand: Command = {
  words: ['export'],
  summary:
    'export approved outputs as a labelled batch (re-stamped, with manifest.json and labels.csv); --list-presets shows presets',
  usage:
    'export --preset NAME|--recipe NAME --out DIR|FILE.zip [--filter state=approved] [--workspace DIR] [--json] | ' +
    'export --list-presets',
  options: {
    ...JSON_OPTION,
    ...WORKSPACE_OPTION,
    preset: { type: 'string' },
    recipe: { type: 'string' },
    out: { type: 'string' },
    filter: { type: 'string' },
    'list-presets': { type: 'boolean' },
  },
  async run(ctx) {
    if (ctx.flags['list-presets']) return listPresets(ctx);
    const presetName = stringFlag(ctx, 'preset');
    const recipeName = stringFlag(ctx, 'recipe');
    const out = stringFlag(ctx, 'out');
    if (!(presetName ?? recipeName) || !out) throw usageError('--preset (or --recipe) and --out are required');
    if (presetName && recipeName) throw usageError('--preset and --recipe cannot be combined');
    if (ctx.args.length > 0) throw usageError(`unexpected argument ${ctx.args[0]}`);
    const state = parseFilter(stringFlag(ctx, 'filter'));
    return withStudio(ctx, {}, async (studio) => {
      // A saved recipe (export-recipes.json): its preset with its size and naming, and its SKU for shots without one.
      const recipe = recipeName ? findRecipe(studio.ws.layout.root, recipeName) : undefined;
      const preset: ExportPreset | string = recipe
        ? applyRecipe(findPreset(studio.ws.layout.root, recipe.preset), recipe)
        : (presetName as string);
      const kit = await createProvenanceKit({ workspaceDir: studio.ws.layout.root, now: studio.ws.now });
      // Ctrl-C stops between images; what was committed stays, and the next run resumes from it.
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once('SIGINT', onSigint);
      const result = await exportBatch({
        signal: abort.signal,
        labels: kit.labels,
        studio,
        stamper: kit.stamper,
        preset,
        out,
        ...(recipe?.sku ? { sku: recipe.sku } : {}),
        ...(state ? { filter: { state } } : {}),
        onProgress: (event) => {
          if (event.type === 'image') ctx.io.err(progressLine(event));
        },
      }).finally(() => process.off('SIGINT', onSigint));
      if (ctx.flags.json) {
        ctx.io.out(JSON.stringify(result));
      } else {
        ctx.io.out(
          `exported ${result.exported.length}, kept ${result.skipped.length} already in the batch, held back ${result.heldBack.length} → ${result.zip ?? result.dir}`,
        );
        for (const h of result.heldBack)
          ctx.io.out(`held back ${h.outputId} (shot ${h.shotId}): ${h.code}: ${h.message}`);
        for (const w of result.withdrawn) ctx.io.out(`withdrawn ${w}: no longer cleared for export`);
        for (const w of result.warnings) ctx.io.out(`warning ${w.file}: ${w.message}`);
        for (const u of result.upscaled) ctx.io.out(`upscaled ${u.file}: ${u.factor}× beyond its source`);
      }
      return 0;
    });
  },
};
