import { existsSync } from 'node:fs';
import { StudioError } from '../../errors/index.ts';
import { evaluateShotPolicy, readShotFile } from '../../workspace/index.ts';
import { JSON_OPTION, stringFlag, WORKSPACE_OPTION, type Command } from '../command.ts';
import { flagError, usageError } from '../run.ts';
import { withStudio } from '../workspaceArg.ts';

export const policyCheck: Command = {
  words: ['policy', 'check'],
  summary: 'ask the policy gate whether a shot may be rendered now (or --at another instant)',
  usage: 'policy check --shot SHOT.json|SHOT_ID [--at ISO] [--images N] [--workspace DIR] [--json]',
  options: {
    ...JSON_OPTION,
    ...WORKSPACE_OPTION,
    shot: { type: 'string' },
    at: { type: 'string' },
    images: { type: 'string' },
  },
  async run(ctx) {
    const shotArg = stringFlag(ctx, 'shot');
    if (!shotArg) throw usageError('--shot is required');
    const at = stringFlag(ctx, 'at');
    const now = at === undefined ? undefined : new Date(at);
    if (now && Number.isNaN(now.getTime())) throw flagError('--at', 'an ISO instant such as 2026-11-23T10:00:00Z', at);
    const images = Number(stringFlag(ctx, 'images') ?? '1');
    if (!Number.isInteger(images) || images < 1) throw usageError('--images expects a whole number ≥ 1');
    const isFile = existsSync(shotArg);
    return withStudio(ctx, { nearPath: isFile ? shotArg : undefined }, async ({ ws, ledger }) => {
      const shot = isFile ? readShotFile(shotArg) : ws.shots.load(shotArg);
      const decision = await evaluateShotPolicy(ws, shot, ledger, { images, ...(now ? { now } : {}) });
      if (ctx.flags.json) ctx.io.out(JSON.stringify({ shotId: shot.shotId, ...decision }));
      if (decision.allowed) {
        if (!ctx.flags.json)
          ctx.io.out(
            `allowed: shot ${shot.shotId} under licence ${decision.licenceId}, ${decision.imagesLeft} images left after this one`,
          );
        return 0;
      }
      throw new StudioError(decision.code, `${decision.message} (rule: ${decision.rule})`, decision.facts);
    });
  },
};
