import type { ErrorCode } from '../errors/codes.ts';
import { expectedFor, isStudioError, StudioError } from '../errors/index.ts';
import type { Ledger, UsageRecord } from '../ledger/index.ts';
import type { OutputEntry, OutputsRepo } from '../outputs/index.ts';
import type { Db } from '../storage/index.ts';
import type { AnnotationInput } from './annotation.schema.ts';
import { createAnnotations } from './annotations.ts';

export interface Decision {
  /** Who decided; defaults to the studio's signed-in user. */
  by?: string;
  comment?: string | null;
}

export interface DecisionResult {
  output: OutputEntry;
  /** The `review.*` record appended; undefined when the output already had this state (nothing changes). */
  record: UsageRecord | undefined;
}

export interface ReviewDeps {
  db: Db;
  outputs: OutputsRepo;
  ledger: Pick<Ledger, 'get' | 'append'>;
  /** The signed-in user, used when a decision names nobody and no reviewer is set. */
  user: string;
  /** The reviewer's name from Settings (null: none set); read at each decision, so a change applies at once. */
  reviewer?: () => string | null;
  now: () => Date;
}

export interface BatchResult {
  decided: DecisionResult[];
  /** Outputs left as they were, with why. */
  failed: { outputId: string; code: ErrorCode; message: string }[];
}

const COMMENT_MAX = 2000;

/** The render record an output was committed with; a review may only speak about a recorded, matching file. */
export function renderRecordOf(ledger: Pick<Ledger, 'get'>, output: OutputEntry): UsageRecord {
  const record = ledger.get(output.outputId);
  if (!record || record.kind !== 'render') {
    throw new StudioError(
      'OUTPUT_UNRECORDED',
      `Expected a render record ${output.outputId} in the ledger for output ${output.outputId}, found ${record ? `a ${record.kind} record` : 'none'}`,
      {
        outputId: output.outputId,
      },
    );
  }
  if (record.outputSha256 !== output.sha256) {
    throw new StudioError(
      'OUTPUT_HASH_MISMATCH',
      `Render record ${record.id} is for a file with SHA-256 ${record.outputSha256}, but the catalogue lists ${output.sha256}`,
      {
        outputId: output.outputId,
        recorded: record.outputSha256,
        catalogued: output.sha256,
      },
    );
  }
  return record;
}

/**
 * Review decisions and notes. Each decision appends a signed `review.*` record (fee 0, in the licence's
 * currency) and sets the output's state in one transaction: neither exists without the other.
 */
export function createReview(deps: ReviewDeps) {
  const { db, outputs, ledger, now } = deps;
  const notes = createAnnotations({ db, outputs, now });

  const who = (named?: string): string => named?.trim() || deps.reviewer?.() || deps.user;

  function decide(state: 'approved' | 'rejected', outputId: string, decision: Decision): DecisionResult {
    const by = who(decision.by);
    const comment = decision.comment?.trim() || null;
    if (comment && comment.length > COMMENT_MAX) {
      throw new StudioError(
        'REVIEW_INPUT_INVALID',
        `${expectedFor(`at most ${COMMENT_MAX} characters`, 'the comment', comment.length)} characters`,
        { outputId },
      );
    }
    const tx = db.transaction((): DecisionResult => {
      const output = outputs.get(outputId);
      if (output.state === state) return { output, record: undefined };
      const render = renderRecordOf(ledger, output);
      const record = ledger.append({
        kind: state === 'approved' ? 'review.approved' : 'review.rejected',
        twinId: render.twinId,
        licenceId: render.licenceId,
        shotId: render.shotId,
        ref: render.id,
        outputSha256: output.sha256,
        use: render.use,
        fee: { amount: 0, currency: render.fee.currency },
        // The reviewer, not the account the studio runs under, signs off in the ledger.
        user: by,
      });
      return { output: outputs.setState(outputId, state, by, comment), record };
    });
    return tx.immediate();
  }

  return {
    approve: (outputId: string, decision: Decision = {}): DecisionResult => decide('approved', outputId, decision),
    reject: (outputId: string, decision: Decision = {}): DecisionResult => decide('rejected', outputId, decision),

    /**
     * One decision and comment over many outputs (a multi-selection): a record per output, each in its own
     * transaction, so one output that cannot be decided (unrecorded, hash mismatch) holds back only itself.
     */
    decideMany(state: 'approved' | 'rejected', outputIds: readonly string[], decision: Decision = {}): BatchResult {
      const decided: DecisionResult[] = [];
      const failed: BatchResult['failed'] = [];
      for (const outputId of new Set(outputIds)) {
        try {
          decided.push(decide(state, outputId, decision));
        } catch (error) {
          if (!isStudioError(error) || error.code === 'REVIEW_INPUT_INVALID') throw error;
          failed.push({ outputId, code: error.code, message: error.message });
        }
      }
      return { decided, failed };
    },

    annotate: (outputId: string, annotation: AnnotationInput, options: { by?: string } = {}) =>
      notes.annotate(outputId, annotation, who(options.by)),
    annotations: notes.annotations,
    removeAnnotation: notes.removeAnnotation,

    /** The output this one re-renders (the same shot's previous render), for before/after compare. */
    previousVersion(outputId: string): OutputEntry | null {
      const { previousOutputId } = outputs.get(outputId);
      return previousOutputId ? outputs.get(previousOutputId) : null;
    },
  };
}
export type Review = ReturnType<typeof createReview>;
