import path from 'node:path';
import { adviceFor, type ExportService, type ReviewService } from '../api/index.ts';
import type {
  ExportPlanView,
  ExportPresetView,
  ExportRecipeView,
  ExportSpec,
  PlannedFileView,
  ExportProgressView,
  ExportReportView,
  HeldBackView,
  StudioEvent,
} from '../contract/index.ts';
import { StudioError, toStudioError } from '../errors/index.ts';
import {
  applyRecipe,
  describePreset,
  exportBatch,
  findPreset,
  loadPresets,
  loadRecipes,
  parseRecipe,
  planBatch,
  removeRecipe,
  saveRecipe,
  type ExportPreset,
  type ExportProgress,
  type ExportRecipe,
  type ExportReport,
  type HeldBack,
  type PlannedImage,
} from '../export/index.ts';
import type { Studio } from './openStudio.ts';
import type { ProvenanceKit } from './provenanceKit.ts';
import { createReviewService } from './reviewService.ts';

const presetView = (p: ExportPreset): ExportPresetView => ({
  name: p.name,
  description: p.description,
  width: p.width,
  height: p.height,
  fit: p.fit,
  background: p.background,
  format: p.format,
  quality: p.quality,
  naming: p.naming,
  summary: describePreset(p).split('\t')[1] ?? '',
  upscale: p.upscale ?? 'warn',
});

const recipeView = (r: ExportRecipe): ExportRecipeView => ({
  name: r.name,
  preset: r.preset,
  sku: r.sku,
  width: r.width ?? null,
  height: r.height ?? null,
  naming: r.naming ?? null,
});

const plannedView = (p: PlannedImage): PlannedFileView => ({
  outputId: p.output.outputId,
  shotId: p.output.shotId,
  file: p.file,
  width: p.output.width,
  height: p.output.height,
  factor: Math.round(p.upscale * 100) / 100,
});

/** Where browser mode downloads a zip the studio wrote under `<workspace>/exports/`; null for anything else. */
export function downloadPath(workspaceDir: string, zip: string | undefined): string | null {
  if (!zip) return null;
  const exportsDir = path.join(workspaceDir, 'exports');
  return path.dirname(zip) === exportsDir ? `/exports/${encodeURIComponent(path.basename(zip))}` : null;
}

/** "20261123-105600": sortable, file-name safe, in UTC like every other date the studio writes. */
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** What to do about an image held back: the gate's codes get the same advice as a refused render. */
async function adviceForHeld(studio: Studio, held: HeldBack): Promise<string> {
  if (/^(LEDGER_|OUTPUT_)/.test(held.code))
    return 'The file or its usage record changed since the render — render the shot again and approve the new image.';
  let facts: Record<string, unknown> = {};
  let agency: string | undefined;
  try {
    const output = studio.outputs.get(held.outputId);
    const licence = studio.ws.licences.get(output.licenceId);
    const revocation = studio.ws.licences.revocations(licence.licenceId)[0];
    facts = {
      validFrom: licence.validFrom,
      validUntil: licence.validUntil,
      maxImages: licence.maxImages,
      ...(revocation ? { revokedAt: revocation.revokedAt, reason: revocation.reason } : {}),
    };
    agency = (await studio.ws.twins.load(output.twinId)).manifest.owner.agency;
  } catch {
    // The advice is a courtesy: without the licence or pack the message alone still says why.
  }
  return adviceFor(held.code, facts, agency);
}

async function reportView(studio: Studio, runId: string, r: ExportReport): Promise<ExportReportView> {
  const heldBack: HeldBackView[] = [];
  for (const h of r.heldBack)
    heldBack.push({
      outputId: h.outputId,
      shotId: h.shotId,
      code: h.code,
      message: h.message,
      advice: await adviceForHeld(studio, h),
    });
  return {
    runId,
    preset: r.preset,
    dir: r.dir,
    zip: r.zip ?? null,
    images: r.images.map((i) => ({
      file: i.file,
      outputId: i.usageId,
      shotId: i.shotId,
      sku: i.sku,
      sha256: i.sha256,
      approvedBy: i.approvedBy,
    })),
    exported: r.exported,
    skipped: r.skipped,
    heldBack,
    withdrawn: r.withdrawn,
    warnings: r.warnings,
    totalMs: r.timings.totalMs,
    download: downloadPath(studio.ws.dir, r.zip),
    upscaled: r.upscaled,
  };
}

/**
 * Batch export for the UI: one run at a time, progress fanned out as `export.progress` events, stoppable
 * between images. The batch goes to `<preset>-<timestamp>` in the workspace's `exports/` (or in `parent`, a folder the
 * user chose), or exactly to `out`.
 */
export function createExportService(deps: {
  studio: Studio;
  provenance: Pick<ProvenanceKit, 'stamper' | 'labels'>;
}): ExportService {
  const { studio, provenance } = deps;
  const listeners = new Set<(event: StudioEvent) => void>();
  const emit = (progress: ExportProgressView) => listeners.forEach((l) => l({ type: 'export.progress', progress }));
  let running: AbortController | null = null;
  let runs = 0;
  const root = studio.ws.layout.root;
  // Finished runs of this process, by run id: the folder (or zip) "open folder" shows.
  const locations = new Map<string, string>();
  /** A spec's preset with its size and naming, and its SKU: checked as a recipe (typed errors name the field). */
  const resolve = (spec: ExportSpec): { preset: ExportPreset; sku: string } => {
    const { preset, sku, width, height, naming } = spec;
    const recipe = parseRecipe({ name: 'export', preset, sku, width, height, naming });
    return { preset: applyRecipe(findPreset(root, recipe.preset), recipe), sku: recipe.sku };
  };

  return {
    presets: async () => loadPresets(root).map(presetView),
    recipes: async () => loadRecipes(root).map(recipeView),
    saveRecipe: async (recipe) => {
      findPreset(root, recipe.preset);
      return saveRecipe(root, recipe).map(recipeView);
    },
    removeRecipe: async (name) => removeRecipe(root, name).map(recipeView),
    location(runId) {
      const where = locations.get(runId);
      if (!where)
        throw new StudioError(
          'EXPORT_RUN_UNKNOWN',
          `Expected the id of an export finished since the studio started, got ${runId}; run the export again`,
          { runId },
        );
      return where;
    },
    async plan(request) {
      const { preset, sku } = resolve(request);
      const { images, upscaled } = planBatch({
        ws: studio.ws,
        outputs: studio.outputs,
        ledger: studio.ledger,
        preset,
        now: studio.ws.now(),
        ...(sku ? { sku } : {}),
        list: studio.outputs.list({ state: 'approved', ...(request.shotId ? { shotId: request.shotId } : {}) }),
      });
      return {
        preset: preset.name,
        width: preset.width,
        height: preset.height,
        naming: preset.naming,
        files: images.map(plannedView),
        upscaled: upscaled.map(plannedView),
        upscale: preset.upscale ?? 'warn',
      } satisfies ExportPlanView;
    },
    async run(request) {
      if (running)
        throw new StudioError(
          'EXPORT_BUSY',
          'Expected no export running; one is still in progress — wait for it or cancel it',
          {},
        );
      const { preset, sku } = resolve(request);
      const now = studio.ws.now();
      const runId = `export-${stamp(now)}-${++runs}`;
      const out = request.out
        ? path.resolve(studio.ws.dir, request.out)
        : path.join(
            request.parent ? path.resolve(studio.ws.dir, request.parent) : path.join(studio.ws.dir, 'exports'),
            `${preset.name}-${stamp(now)}${request.zip ? '.zip' : ''}`,
          );
      const abort = new AbortController();
      running = abort;
      let last: ExportProgressView = { runId, preset: preset.name, out, status: 'start', index: 0, total: 0 };
      const onProgress = (e: ExportProgress) => {
        if (e.type === 'start') last = { ...last, out: e.out, total: e.total, status: 'start' };
        else if (e.type === 'image')
          last = {
            runId,
            preset: preset.name,
            out: last.out,
            status: e.status,
            index: e.index,
            total: e.total,
            outputId: e.outputId,
            ...(e.file ? { file: e.file } : {}),
            ...(e.code ? { code: e.code } : {}),
          };
        else last = { runId, preset: preset.name, out: last.out, status: 'done', index: last.total, total: last.total };
        emit(last);
      };
      try {
        const report = await exportBatch({
          studio,
          stamper: provenance.stamper,
          labels: provenance.labels,
          preset,
          out,
          ...(sku ? { sku } : {}),
          filter: { state: 'approved', ...(request.filter.shotId ? { shotId: request.filter.shotId } : {}) },
          onProgress,
          signal: abort.signal,
        });
        locations.set(runId, report.zip ?? report.dir);
        return await reportView(studio, runId, report);
      } catch (error) {
        const e = toStudioError(error);
        emit({ ...last, status: e.code === 'EXPORT_CANCELLED' ? 'cancelled' : 'failed', message: e.message });
        throw e;
      } finally {
        running = null;
      }
    },
    async cancel() {
      if (!running) return false;
      running.abort();
      return true;
    },
    events(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Review mode and batch export for a long-running studio process (the runtime adds these to its services). */
export function createReviewExportServices(
  studio: Studio,
  provenance: Pick<ProvenanceKit, 'stamper' | 'labels'>,
): { review: ReviewService; export: ExportService } {
  return {
    review: createReviewService({ studio, labels: provenance.labels }),
    export: createExportService({ studio, provenance }),
  };
}
