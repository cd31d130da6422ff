import { reviewFor } from '../../app/index.ts';
import { JSON_OPTION, report, stringFlag, WORKSPACE_OPTION, type Command, type CommandContext } from '../command.ts';
import { usageError } from '../run.ts';
import { withStudio } from '../workspaceArg.ts';
import { resolveOutputId } from './outputs.ts';

function decisionCommand(verb: 'approve' | 'reject'): Command {
  return {
    words: ['review', verb],
    summary: `${verb} an output: sets its state and appends a review.${verb === 'approve' ? 'approved' : 'rejected'} record to the ledger`,
    usage: `review ${verb} OUTPUT_ID [--comment TEXT] [--by NAME] [--workspace DIR] [--json]`,
    options: { ...JSON_OPTION, ...WORKSPACE_OPTION, comment: { type: 'string' }, by: { type: 'string' } },
    async run(ctx: CommandContext) {
      const [given, ...extra] = ctx.args;
      if (!given || extra.length > 0) throw usageError('expects exactly one OUTPUT_ID');
      return withStudio(ctx, {}, (studio) => {
        const review = reviewFor(studio);
        const outputId = resolveOutputId(studio.outputs, given);
        const decision = { by: stringFlag(ctx, 'by'), comment: stringFlag(ctx, 'comment') };
        const { output, record } =
          verb === 'approve' ? review.approve(outputId, decision) : review.reject(outputId, decision);
        const value = {
          outputId,
          state: output.state,
          by: output.stateBy,
          at: output.stateAt,
          comment: output.stateComment,
          recordId: record?.id ?? null,
        };
        report(ctx, value, () => [
          record
            ? `${output.state}: ${outputId} by ${output.stateBy} (ledger record ${record.id})`
            : `${outputId} was already ${output.state}; nothing recorded`,
        ]);
        return 0;
      });
    },
  };
}

export const reviewApprove: Command = decisionCommand('approve');
export const reviewReject: Command = decisionCommand('reject');
