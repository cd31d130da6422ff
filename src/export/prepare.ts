import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../crypto/index.ts';
import type { ErrorCode, StudioError } from '../errors/index.ts';
import type { Ledger, UsageRecord } from '../ledger/index.ts';
import type { OutputEntry } from '../outputs/index.ts';
import { readXmp, type LabelRenderer, type Stamper } from '../provenance/index.ts';
import type { TwinSummary } from '../workspace/index.ts';
import type { HeldBack } from './labels.ts';
import type { ExportPreset } from './preset.schema.ts';
import { restamp, storedProvenance, type StoredProvenance } from './restamp.ts';
import type { Cleared, Screening } from './screen.ts';

/** One image made ready to commit; preparing writes nothing, so any number may run ahead of the commits. */
export type Prepared =
  | { kind: 'held'; held: HeldBack; screenMs: number }
  | {
      kind: 'existing';
      cleared: Cleared;
      provenance: StoredProvenance;
      sha256: string;
      record: UsageRecord;
      watermarkPayload: string;
      screenMs: number;
    }
  | {
      kind: 'stamped';
      cleared: Cleared;
      provenance: StoredProvenance;
      stamped: Awaited<ReturnType<typeof restamp>>;
      screenMs: number;
    };

/** The export record already written for this file of this render, if any: found by the file's hash. */
function exportRecordFor(
  ledger: Pick<Ledger, 'byOutputSha256'>,
  renderId: string,
  sha256: string,
): UsageRecord | undefined {
  return ledger.byOutputSha256(sha256).find((r) => r.kind === 'export' && r.ref === renderId);
}

export function createPreparer(deps: {
  ledger: Pick<Ledger, 'byOutputSha256'>;
  screen: (output: OutputEntry) => Promise<Screening>;
  stamper: Stamper;
  labels: LabelRenderer;
  preset: ExportPreset;
  dir: string;
  twins: ReadonlyMap<string, TwinSummary>;
}) {
  const { ledger, screen, stamper, labels, preset, dir, twins } = deps;

  return async function prepare(output: OutputEntry, file: string): Promise<Prepared> {
    const hold = (code: ErrorCode, rule: string, message: string, screenMs: number): Prepared => ({
      kind: 'held',
      held: { outputId: output.outputId, shotId: output.shotId, code, rule, message },
      screenMs,
    });
    const start = performance.now();
    const screened = await screen(output);
    const screenMs = performance.now() - start;
    if (!screened.ok) return { kind: 'held', held: screened.held, screenMs };
    const twin = twins.get(screened.render.twinId);
    let provenance: StoredProvenance;
    try {
      provenance = await storedProvenance(screened.bytes, output.outputId, {
        displayName: twin?.displayName ?? screened.render.twinId,
        licensor: twin?.ownerName ?? 'unknown',
        consentId: twin?.consentId ?? 'unknown',
        twinId: screened.render.twinId,
        licenceId: screened.render.licenceId,
      });
    } catch (error) {
      const e = error as StudioError;
      return hold(e.code, 'stored output provenance', e.message, screenMs);
    }

    const target = path.join(dir, file);
    if (existsSync(target)) {
      const bytes = readFileSync(target);
      const sha256 = sha256Hex(bytes);
      const record = exportRecordFor(ledger, output.outputId, sha256);
      if (!record)
        return hold(
          'EXPORT_FILE_CONFLICT',
          'batch folder',
          `${target} exists but is not a recorded export of ${output.outputId}; move it away and run again`,
          screenMs,
        );
      const watermarkPayload = (await readXmp(bytes))?.watermarkPayload ?? '';
      return { kind: 'existing', cleared: screened, provenance, sha256, record, watermarkPayload, screenMs };
    }
    const stamped = await restamp({ stamper, labels }, screened.bytes, preset, provenance);
    return { kind: 'stamped', cleared: screened, provenance, stamped, screenMs };
  };
}
