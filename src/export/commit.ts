import path from 'node:path';
import { commitOutput, type CommitJournal, type Ledger, type UsageRecord } from '../ledger/index.ts';
import type { ExportState } from './exportState.ts';
import type { Cleared } from './screen.ts';

/**
 * Writes one stamped export into the batch folder with its own `export` record (fee 0: the render record is the
 * billed use it points to by `ref`), then notes it in the batch state. The file and the record land together or
 * not at all (commitOutput; with a journal, a crash in between is finished at the next start).
 */
export function commitExport(deps: {
  ledger: Ledger;
  journal?: CommitJournal;
  state: ExportState;
  dir: string;
  file: string;
  cleared: Pick<Cleared, 'output' | 'render'>;
  stamped: { bytes: Buffer; sha256: string };
}): UsageRecord {
  const { ledger, journal, state, dir, file, cleared, stamped } = deps;
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
  state.set(cleared.output.outputId, { file, sha256: stamped.sha256, exportRecordId: record.id });
  return record;
}
