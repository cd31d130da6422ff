import { describeChainCheck } from '../../ledger/index.ts';
import { JSON_OPTION, WORKSPACE_OPTION, type Command } from '../command.ts';
import { withStudio } from '../workspaceArg.ts';

export const ledgerVerify: Command = {
  words: ['ledger', 'verify'],
  summary: 'walk the usage ledger: every hash, signature and link; names the first bad seq',
  usage: 'ledger verify [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    return withStudio(ctx, {}, ({ ledger }) => {
      const check = ledger.verifyChain();
      if (ctx.flags.json) ctx.io.out(JSON.stringify(check));
      if (check.ok) {
        if (!ctx.flags.json) ctx.io.out(describeChainCheck(check));
        return 0;
      }
      ctx.io.err(`LEDGER_TAMPERED: ${describeChainCheck(check)}`);
      return 1;
    });
  },
};
