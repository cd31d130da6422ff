import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../crypto/index.ts';
import { StudioError, type ErrorCode } from '../errors/index.ts';
import { commitOutput, recoverOutputs, type CommitJournal, type Ledger, type UsageRecord } from '../ledger/index.ts';
import type { OutputEntry, OutputsRepo } from '../outputs/index.ts';
import { createLabelRenderer, type LabelRenderer, type Stamper } from '../provenance/index.ts';
import type { Shot } from '../shots/index.ts';
import { writeFileAtomic, type Workspace } from '../workspace/index.ts';
import { openExportState, STATE_FILE, type ExportState } from './exportState.ts';
import { LABELS_FILE, labelsCsv, MANIFEST_FILE, manifestJson, type HeldBack, type LabelRow } from './labels.ts';
import { expandName, uniqueNames } from './naming.ts';
import type { ExportPreset } from './preset.schema.ts';
import { findPreset } from './presets.ts';
import { createPreparer, type Prepared } from './prepare.ts';
import { createScreening, type Cleared } from './screen.ts';
import { writeDeterministicZip } from './zip.ts';

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
}

export interface ExportTimings {
  screenMs: number;
  decodeMs: number;
  unlabelMs: number;
  resizeMs: number;
  labelMs: number;
  watermarkMs: number;
  encodeMs: number;
  c2paMs: number;
  commitMs: number;
  totalMs: number;
}

/**
 * Images prepared ahead of the one being committed. Four keep both cores busy on a 2-core machine: while sharp
 * resizes and encodes some, this thread labels another (measured: 2 in flight left this thread idle ~25 % of the time).
 */
const IN_FLIGHT = 4;

const zeroTimings = (): ExportTimings => ({
  screenMs: 0,
  decodeMs: 0,
  unlabelMs: 0,
  resizeMs: 0,
  labelMs: 0,
  watermarkMs: 0,
  encodeMs: 0,
  c2paMs: 0,
  commitMs: 0,
  totalMs: 0,
});

interface Candidate {
  output: OutputEntry;
  file: string;
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

/** Names every approved output in a stable order, so a re-run (or a run after a revocation) keeps each name. */
function nameCandidates(ws: Workspace, outputs: OutputsRepo, preset: ExportPreset, list: OutputEntry[]): Candidate[] {
  const sorted = [...list].sort(
    (a, b) =>
      a.shotId.localeCompare(b.shotId) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.outputId.localeCompare(b.outputId),
  );
  const renderNumbers = new Map<string, Map<string, number>>();
  const shots = new Map<string, Shot | undefined>();
  const names = sorted.map((output) => {
    if (!renderNumbers.has(output.shotId)) {
      const history = outputs.list({ shotId: output.shotId }).reverse();
      renderNumbers.set(output.shotId, new Map(history.map((o, i) => [o.outputId, i + 1])));
    }
    if (!shots.has(output.shotId)) {
      try {
        shots.set(output.shotId, ws.shots.load(output.shotId));
      } catch {
        shots.set(output.shotId, undefined);
      }
    }
    const shot = shots.get(output.shotId);
    return expandName(preset, {
      sku: shot?.sku ?? '',
      shot: output.shotId,
      view: shot?.twin.poseId ?? 'view',
      n: String(renderNumbers.get(output.shotId)?.get(output.outputId) ?? 1),
      twin: output.twinId,
      usage: output.outputId.slice(-12),
      preset: preset.name,
    });
  });
  const unique = uniqueNames(names);
  return sorted.map((output, i) => ({ output, file: unique[i] as string }));
}

function labelRow(
  cleared: Cleared,
  preset: ExportPreset,
  file: string,
  sha256: string,
  exportRecord: UsageRecord,
  disclosure: string,
  watermarkPayload: string,
): LabelRow {
  const { output, render, shot } = cleared;
  return {
    file,
    sha256,
    sku: shot.sku,
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
  const zip = options.out.toLowerCase().endsWith('.zip') ? path.resolve(options.out) : undefined;
  const dir = zip ? `${zip}.parts` : path.resolve(options.out);
  requireBatchFolder(dir);
  const state: ExportState = openExportState(dir, preset);
  // A crash mid-commit in an earlier run left a temp file: finish it (its record exists) or drop it.
  const journal = studio.commits;
  const isJournaled = journal ? (id: string) => journal.get(id) !== undefined : undefined;
  recoverOutputs({ ledger, outputsDir: dir, ...(isJournaled ? { isJournaled } : {}) });

  const candidates = nameCandidates(
    ws,
    outputs,
    preset,
    outputs.list({ state: 'approved', ...(options.filter?.shotId ? { shotId: options.filter.shotId } : {}) }),
  );
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
  };
  const started = performance.now();
  const kept = new Set<string>();
  onProgress?.({ type: 'start', total: candidates.length, out: zip ?? dir, preset: preset.name });

  const prepare = createPreparer({ ledger, screen, stamper, labels, preset, dir, twins });
  // Several images in flight: their pixel work in sharp's threads overlaps the label and watermark work on this
  // thread. Commits stay in candidate order, one at a time.
  const ahead = new Map<number, Promise<Prepared>>();
  const start = (i: number) => {
    const c = candidates[i];
    if (!c || ahead.has(i)) return;
    const pending = prepare(c.output, c.file);
    // A prepared image is awaited in turn; if the batch stops first, its failure must not go unhandled.
    pending.catch(() => {});
    ahead.set(i, pending);
  };
  for (const [index, { output, file }] of candidates.entries()) {
    if (signal?.aborted) {
      await Promise.allSettled(ahead.values());
      throw new StudioError(
        'EXPORT_CANCELLED',
        `Export cancelled after ${index} of ${candidates.length} images; run it again to resume`,
        { done: index, total: candidates.length, dir },
      );
    }
    for (let i = index; i < index + IN_FLIGHT; i++) start(i);
    const prepared = await (ahead.get(index) as Promise<Prepared>);
    ahead.delete(index);
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
        ),
      );
      report.skipped.push(file);
      kept.add(output.outputId);
      progress('skipped', { file });
      continue;
    }

    const { stamped, cleared } = prepared;
    t.decodeMs += stamped.prepareMs.decodeMs;
    t.unlabelMs += stamped.prepareMs.unlabelMs;
    t.resizeMs += stamped.prepareMs.resizeMs;
    t.labelMs += stamped.timings.labelMs;
    t.watermarkMs += stamped.timings.watermarkMs;
    t.encodeMs += stamped.timings.encodeMs;
    t.c2paMs += stamped.timings.c2paMs + stamped.timings.hashMs;
    const commitStart = performance.now();
    const { render } = cleared;
    const { record } = commitOutput({
      ledger,
      ...(journal ? { journal } : {}),
      finalPath: path.join(dir, file),
      bytes: stamped.bytes,
      record: {
        kind: 'export',
        twinId: render.twinId,
        licenceId: render.licenceId,
        shotId: render.shotId,
        ref: render.id,
        use: render.use,
        fee: { amount: 0, currency: render.fee.currency },
      },
    });
    state.set(output.outputId, { file, sha256: stamped.sha256, exportRecordId: record.id });
    t.commitMs += performance.now() - commitStart;
    report.images.push(
      labelRow(cleared, preset, file, stamped.sha256, record, prepared.provenance.disclosure, stamped.watermarkPayload),
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

  for (const [outputId, item] of state.entries()) {
    if (kept.has(outputId)) continue;
    state.remove(outputId);
    // Only a file that is still the one this batch wrote is taken back; anything else there is not ours.
    const file = path.join(dir, item.file);
    if (existsSync(file) && sha256Hex(readFileSync(file)) === item.sha256) {
      rmSync(file);
      report.withdrawn.push(item.file);
    }
  }

  report.images.sort((a, b) => a.file.localeCompare(b.file));
  writeFileAtomic(path.join(dir, MANIFEST_FILE), manifestJson(preset, report.images, report.heldBack));
  writeFileAtomic(path.join(dir, LABELS_FILE), labelsCsv(report.images));
  if (zip) writeDeterministicZip(zip, dir, [...report.images.map((r) => r.file), MANIFEST_FILE, LABELS_FILE]);
  report.timings = Object.fromEntries(
    Object.entries({ ...report.timings, totalMs: performance.now() - started }).map(([k, v]) => [k, Math.round(v)]),
  ) as unknown as ExportTimings;
  onProgress?.({
    type: 'done',
    exported: report.exported.length,
    skipped: report.skipped.length,
    held: report.heldBack.length,
  });
  return report;
}
