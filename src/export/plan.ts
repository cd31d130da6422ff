import { StudioError } from '../errors/index.ts';
import type { Ledger } from '../ledger/index.ts';
import type { OutputEntry, OutputsRepo } from '../outputs/index.ts';
import type { Shot } from '../shots/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { dateToken, expandName, indexToken, uniqueNames } from './naming.ts';
import type { ExportPreset } from './preset.schema.ts';

/** One approved output as the batch will write it. */
export interface PlannedImage {
  output: OutputEntry;
  file: string;
  /** How much the preset's frame enlarges the stored pixels (1 = no enlargement; 1.46 = 46 % larger). */
  upscale: number;
}

export interface BatchPlan {
  images: PlannedImage[];
  /** The images the frame enlarges beyond their source, largest factor first. */
  upscaled: PlannedImage[];
}

/** The scale the preset's frame applies to a source of this size (cover fills the frame, contain fits in it). */
export function scaleFactor(source: { width: number; height: number }, preset: ExportPreset): number {
  const sx = preset.width / source.width;
  const sy = preset.height / source.height;
  return preset.fit === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
}

/** Below this the enlargement is rounding, not an upscale (a 1999-px source in a 2000-px frame). */
const UPSCALE_TOLERANCE = 1.001;

/**
 * Names every approved output in a stable order (shot, then render time), so a re-run — or a run after a
 * revocation — keeps each name, and says which ones the frame would enlarge. `sku` stands in for shots without one.
 */
export function planBatch(deps: {
  ws: Pick<Workspace, 'shots'>;
  outputs: Pick<OutputsRepo, 'list'>;
  ledger: Pick<Ledger, 'get'>;
  preset: ExportPreset;
  list: readonly OutputEntry[];
  now: Date;
  sku?: string;
}): BatchPlan {
  const { ws, outputs, ledger, preset, now } = deps;
  const sorted = [...deps.list].sort(
    (a, b) =>
      a.shotId.localeCompare(b.shotId) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.outputId.localeCompare(b.outputId),
  );
  const renderNumbers = new Map<string, Map<string, number>>();
  const shots = new Map<string, Shot | undefined>();
  const shotOf = (shotId: string): Shot | undefined => {
    if (!shots.has(shotId)) {
      try {
        shots.set(shotId, ws.shots.load(shotId));
      } catch {
        shots.set(shotId, undefined);
      }
    }
    return shots.get(shotId);
  };
  const renderNumber = (output: OutputEntry): number => {
    if (!renderNumbers.has(output.shotId)) {
      const history = outputs.list({ shotId: output.shotId }).reverse();
      renderNumbers.set(output.shotId, new Map(history.map((o, i) => [o.outputId, i + 1])));
    }
    return renderNumbers.get(output.shotId)?.get(output.outputId) ?? 1;
  };
  const date = dateToken(now);
  const names = sorted.map((output, i) => {
    const shot = shotOf(output.shotId);
    return expandName(preset, {
      sku: shot?.sku || deps.sku || '',
      shot: shot?.name ?? output.shotId,
      shotid: output.shotId,
      scene: output.sceneId,
      channel: ledger.get(output.outputId)?.use.channel ?? '',
      index: indexToken(i, sorted.length),
      date,
      view: shot?.twin.poseId ?? 'view',
      n: String(renderNumber(output)),
      twin: output.twinId,
      usage: output.outputId.slice(-12),
      preset: preset.name,
    });
  });
  const unique = uniqueNames(names);
  const images = sorted.map((output, i) => ({
    output,
    file: unique[i] as string,
    upscale: scaleFactor(output, preset),
  }));
  const upscaled = images.filter((p) => p.upscale > UPSCALE_TOLERANCE).sort((a, b) => b.upscale - a.upscale);
  return { images, upscaled };
}

/** A preset that refuses upscaling stops the batch before anything is written. */
export function checkUpscale(plan: BatchPlan, preset: ExportPreset): void {
  const worst = plan.upscaled[0];
  if (!worst || preset.upscale !== 'refuse') return;
  throw new StudioError(
    'EXPORT_UPSCALE_REFUSED',
    `Preset ${preset.name} refuses to upscale, but its ${preset.width}×${preset.height} frame enlarges ` +
      `${plan.upscaled.length} image(s) up to ${worst.upscale.toFixed(2)}× (${worst.output.width}×` +
      `${worst.output.height} → ${preset.width}×${preset.height}); choose a smaller output size or render larger`,
    {
      preset: preset.name,
      count: plan.upscaled.length,
      factor: Math.round(worst.upscale * 100) / 100,
      outputId: worst.output.outputId,
      source: { width: worst.output.width, height: worst.output.height },
      target: { width: preset.width, height: preset.height },
    },
  );
}
