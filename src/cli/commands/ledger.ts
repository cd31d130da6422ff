import { describeChainCheck } from '../../ledger/index.ts';
import type { Studio } from '../../app/index.ts';
import { JSON_OPTION, WORKSPACE_OPTION, type Command } from '../command.ts';
import { withStudio } from '../workspaceArg.ts';

/**
 * What breaks "every output file and its record, or neither" without breaking the chain: a recorded output whose
 * file is gone (deleted by hand, or lost where recovery had nothing left to move), and a commit that recovery
 * found contradicted (its temp file's bytes differ from the record, or another file holds its path).
 */
function outputProblems({ outputs, recovery }: Pick<Studio, 'outputs' | 'recovery'>) {
  return {
    missingOutputs: outputs.missingFiles().map((o) => ({ usageId: o.outputId, shotId: o.shotId, file: o.file })),
    unfinishedCommits: recovery.conflicts,
  };
}

export const ledgerVerify: Command = {
  words: ['ledger', 'verify'],
  summary: 'walk the usage ledger: every hash, signature and link; names the first bad seq',
  usage: 'ledger verify [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    return withStudio(ctx, {}, (studio) => {
      const check = studio.ledger.verifyChain();
      const problems = outputProblems(studio);
      if (ctx.flags.json) ctx.io.out(JSON.stringify({ ...check, ...problems }));
      if (check.ok && !ctx.flags.json) ctx.io.out(describeChainCheck(check));
      if (!check.ok) ctx.io.err(`LEDGER_TAMPERED: ${describeChainCheck(check)}`);
      for (const m of problems.missingOutputs) {
        ctx.io.err(
          `OUTPUT_FILE_MISSING: usage record ${m.usageId} (a render of ${m.shotId}) is committed ` +
            `but its file ${m.file} is missing; put the file back from a copy, ` +
            'or keep the record: the usage it states happened',
        );
      }
      for (const c of problems.unfinishedCommits) {
        ctx.io.err(
          `OUTPUT_COMMIT_CONFLICT: ${c.temp} was left by a crash and ${c.reason}; ` +
            'compare the files and keep the one whose hash the record names',
        );
      }
      return check.ok && problems.missingOutputs.length === 0 && problems.unfinishedCommits.length === 0 ? 0 : 1;
    });
  },
};
