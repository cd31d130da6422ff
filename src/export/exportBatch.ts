import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { StudioError, type ErrorCode } from '../errors/index.ts';
import { recoverOutputs, type CommitJournal, type Ledger, type UsageRecord } from '../ledger/index.ts';
import type { OutputsRepo } from '../outputs/index.ts';
import { createLabelRenderer, type LabelRenderer, type Stamper } from '../provenance/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { commitExport } from './commit.ts';
import { openExportState, STATE_FILE, type ExportState } from './exportState.ts';
import { MANIFEST_FILE, type HeldBack, type LabelRow } from './labels.ts';
import { createLookAhead } from './lookAhead.ts';
import { checkUpscale, planBatch } from './plan.ts';
import type { ExportPreset } from './preset.schema.ts';
import { findPreset } from './presets.ts';
import { createPreparer, type Prepared } from './prepare.ts';
import { createScreening, type Cleared } from './screen.ts';
import { sealBatch } from './seal.ts';
import { addStamped, finishTimings, zeroTimings, type ExportTimings } from './timing.ts';
import { withdrawStale } from './withdraw.ts';

export type { ExportTimings } from './timing.ts';

export type ExportProgress =
  | { type: 'start'; total: number; out: string; preset: string }
  | {
      type: 'image';
      index: number;
      total: number;
      outputId: string;
      status: 'exported' | 'skipped' | 'held';
      file?: string;
      code?: ErrorCode;
    }
  | { type: 'done'; exported: number; skipped: number; held: number };

export interface ExportFilter {
  /** Only approved outputs ever export; the filter exists so scripts can say so explicitly. */
  state?: 'approved';
  shotId?: string;
}

export interface ExportBatchOptions {
  /** With `commits` (an open studio's journal), a crash mid-commit is recovered at the next start, not only here. */
  studio: { ws: Workspace; ledger: Ledger; outputs: OutputsRepo; commits?: CommitJournal };
  /** Stamps each exported file (label → watermark → XMP → C2PA): the provenance kit's stamper. */
  stamper: Stamper;
  /** The label renderer the stamper uses (the kit's), to take the stored badge out before re-labelling. */
  labels?: LabelRenderer;
  preset: ExportPreset | string;
  /** A folder, or a path ending in .zip (the batch is staged in `<out>.parts/` beside it, kept for resuming). */
  out: string;
  filter?: ExportFilter;
  onProgress?: (event: ExportProgress) => void;
  signal?: AbortSignal;
  now?: () => Date;
  /** The SKU for shots that have none (a recipe's); a shot's own SKU always wins. */
  sku?: string;
}

export interface ExportReport {
  preset: string;
  /** The folder holding the images, manifest.json, labels.csv and export-state.json. */
  dir: string;
  zip?: string;
  /** Every image in the batch, this run's and earlier runs', sorted by file name. */
  images: LabelRow[];
  exported: string[];
  skipped: string[];
  heldBack: HeldBack[];
  /** Files an earlier run wrote that may no longer leave (held back now, or no longer approved): removed. */
  withdrawn: string[];
  /** Exported, but with something a person should look at (e.g. the stored badge could not be taken out first). */
  warnings: { outputId: string; file: string; message: string }[];
  /** Milliseconds summed over this run's exported images, by phase (where export time goes). */
  timings: ExportTimings;
  /** The images the preset's frame enlarged beyond their source, largest factor first (the UI warned before). */
  upscaled: { outputId: string; file: string; factor: number }[];
}

function requireBatchFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const entries = readdirSync(dir);
  // A folder with our manifest but no state is a batch whose state was lost: its files are adopted by hash.
  if (entries.length > 0 && !entries.includes(STATE_FILE) && !entries.includes(MANIFEST_FILE)) {
    throw new StudioError(
      'EXPORT_OUT_NOT_EMPTY',
      `Expected an empty folder or an earlier batch for ${dir}, but it holds ${entries.length} other files`,
      { dir },
    );
  }
}

function labelRow(
  cleared: Cleared,
  preset: ExportPreset,
  file: string,
  sha256: string,
  exportRecord: UsageRecord,
  disclosure: string,
  watermarkPayload: string,
  skuFallback = '',
): LabelRow {
  const { output, render, shot } = cleared;
  return {
    file,
    sha256,
    sku: shot.sku || skuFallback,
    twinId: render.twinId,
    licenceId: render.licenceId,
    usageId: render.id,
    exportRecordId: exportRecord.id,
    channel: render.use.channel,
    territory: render.use.territory,
    sceneId: output.sceneId,
    garments: shot.garments.filter((g) => !g.hidden).map((g) => g.garmentId),
    disclosure,
    approvedBy: output.stateBy ?? '',
    approvedAt: output.stateAt ?? '',
    width: preset.width,
    height: preset.height,
    format: preset.format,
    shotId: output.shotId,
    watermarkPayload,
  };
}

/**
 * Exports the approved outputs as a labelled batch: each checked again (ledger record, file hash, policy
 * gate today), resized and encoded per preset, stamped again, and committed with its own `export` record.
 * Resumable: files already in the batch with the right hash are kept, never recorded twice.
 * The steps are their own modules: plan (names, upscale), look-ahead, commit, withdrawal, timing, sealing.
 */
export async function exportBatch(options: ExportBatchOptions): Promise<ExportReport> {
  const { studio, stamper, onProgress, signal } = options;
  const { ws, ledger, outputs } = studio;
  const labels = options.labels ?? createLabelRenderer();
  const now = options.now ?? ws.now;
  const preset = typeof options.preset === 'string' ? findPreset(ws.layout.root, options.preset) : options.preset;
  if (options.filter?.state !== undefined && options.filter.state !== 'approved') {
    throw new StudioError(
      'EXPORT_FILTER_INVALID',
      `Only approved outputs export; got state=${String(options.filter.state)}`,
      { state: options.filter.state },
    );
  }
  const plan = planBatch({
    ws,
    outputs,
    ledger,
    preset,
    now: now(),
    ...(options.sku ? { sku: options.sku } : {}),
    list: outputs.list({ state: 'approved', ...(options.filter?.shotId ? { shotId: options.filter.shotId } : {}) }),
  });
  checkUpscale(plan, preset);
  const zip = options.out.toLowerCase().endsWith('.zip') ? path.resolve(options.out) : undefined;
  const dir = zip ? `${zip}.parts` : path.resolve(options.out);
  requireBatchFolder(dir);
  const state: ExportState = openExportState(dir, preset);
  // A crash mid-commit in an earlier run left a temp file: finish it (its record exists) or drop it.
  const journal = studio.commits;
  const isJournaled = journal ? (id: string) => journal.get(id) !== undefined : undefined;
  recoverOutputs({ ledger, outputsDir: dir, ...(isJournaled ? { isJournaled } : {}) });

  const candidates = plan.images;
  const screen = createScreening({ ws, ledger, now: now() });
  const twins = new Map(ws.twins.list().map((t) => [t.twinId, t]));
  const report: ExportReport = {
    preset: preset.name,
    dir,
    ...(zip ? { zip } : {}),
    images: [],
    exported: [],
    skipped: [],
    heldBack: [],
    withdrawn: [],
    warnings: [],
    timings: zeroTimings(),
    upscaled: [],
  };
  const started = performance.now();
  const kept = new Set<string>();
  onProgress?.({ type: 'start', total: candidates.length, out: zip ?? dir, preset: preset.name });

  const prepare = createPreparer({ ledger, screen, stamper, labels, preset, dir, twins });
  const ahead = createLookAhead(candidates, (c) => prepare(c.output, c.file));
  for (const [index, { output, file }] of candidates.entries()) {
    if (signal?.aborted) {
      await ahead.settle();
      throw new StudioError(
        'EXPORT_CANCELLED',
        `Export cancelled after ${index} of ${candidates.length} images; run it again to resume`,
        { done: index, total: candidates.length, dir },
      );
    }
    const prepared: Prepared = await ahead.take(index);
    const progress = (status: 'exported' | 'skipped' | 'held', extra: { file?: string; code?: ErrorCode }) =>
      onProgress?.({
        type: 'image',
        index: index + 1,
        total: candidates.length,
        outputId: output.outputId,
        status,
        ...extra,
      });
    const t = report.timings;
    t.screenMs += prepared.screenMs;

    if (prepared.kind === 'held') {
      report.heldBack.push(prepared.held);
      progress('held', { code: prepared.held.code });
      continue;
    }
    if (prepared.kind === 'existing') {
      const previous = state.get(output.outputId);
      if (previous?.sha256 !== prepared.sha256 || previous.exportRecordId !== prepared.record.id)
        state.set(output.outputId, { file, sha256: prepared.sha256, exportRecordId: prepared.record.id });
      report.images.push(
        labelRow(
          prepared.cleared,
          preset,
          file,
          prepared.sha256,
          prepared.record,
          prepared.provenance.disclosure,
          prepared.watermarkPayload,
          options.sku,
        ),
      );
      report.skipped.push(file);
      kept.add(output.outputId);
      progress('skipped', { file });
      continue;
    }

    const { stamped, cleared } = prepared;
    addStamped(t, stamped);
    const commitStart = performance.now();
    const record = commitExport({ ledger, ...(journal ? { journal } : {}), state, dir, file, cleared, stamped });
    t.commitMs += performance.now() - commitStart;
    report.images.push(
      labelRow(
        cleared,
        preset,
        file,
        stamped.sha256,
        record,
        prepared.provenance.disclosure,
        stamped.watermarkPayload,
        options.sku,
      ),
    );
    report.exported.push(file);
    if (!stamped.unlabelled) {
      report.warnings.push({
        outputId: output.outputId,
        file,
        message: 'the stored label was not found where expected, so the export may show it beside the new one',
      });
    }
    kept.add(output.outputId);
    progress('exported', { file });
  }

  report.withdrawn = withdrawStale(dir, state, kept);
  report.images = sealBatch({ dir, preset, images: report.images, heldBack: report.heldBack, ...(zip ? { zip } : {}) });
  report.upscaled = plan.upscaled
    .filter((p) => kept.has(p.output.outputId))
    .map((p) => ({ outputId: p.output.outputId, file: p.file, factor: Math.round(p.upscale * 100) / 100 }));
  report.timings = finishTimings(report.timings, started);
  onProgress?.({
    type: 'done',
    exported: report.exported.length,
    skipped: report.skipped.length,
    held: report.heldBack.length,
  });
  return report;
}
