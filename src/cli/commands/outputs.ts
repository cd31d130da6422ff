import { existsSync } from 'node:fs';
import { StudioError } from '../../errors/index.ts';
import { OUTPUT_STATES, type OutputEntry, type OutputState, type OutputsRepo } from '../../outputs/index.ts';
import { JSON_OPTION, report, stringFlag, WORKSPACE_OPTION, type Command } from '../command.ts';
import { flagError } from '../run.ts';
import { withStudio } from '../workspaceArg.ts';

export function outputSummary(o: OutputEntry) {
  return {
    outputId: o.outputId,
    usageId: o.outputId,
    file: o.file,
    shotId: o.shotId,
    state: o.state,
    stateBy: o.stateBy,
    stateAt: o.stateAt,
    stateComment: o.stateComment,
    createdAt: o.createdAt,
  };
}

/** The summary with whether the file is still there: a recorded output whose file is gone is listed, and named. */
const listedOutput = (o: OutputEntry) => ({ ...outputSummary(o), fileMissing: !existsSync(o.file) });

/** An output named by its full usage id, or by the 12-hex short form printed in badges and watermarks. */
export function resolveOutputId(outputs: OutputsRepo, given: string): string {
  const short = given.replaceAll('-', '').toLowerCase();
  if (/^[0-9a-f]{12}$/.test(short)) {
    const matches = outputs.list().filter((o) => o.outputId.slice(-12) === short);
    if (matches.length === 1) return (matches[0] as OutputEntry).outputId;
    if (matches.length > 1)
      throw new StudioError(
        'OUTPUT_AMBIGUOUS',
        `The short id ${given} matches ${matches.length} outputs; give the full id`,
        { given },
      );
  }
  return given;
}

export const outputsList: Command = {
  words: ['outputs', 'list'],
  summary: 'list rendered outputs, newest first: id (= usage id), state, shot, file',
  usage: 'outputs list [--state generated|approved|rejected] [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION, state: { type: 'string' } },
  async run(ctx) {
    const state = stringFlag(ctx, 'state');
    if (state !== undefined && !(OUTPUT_STATES as readonly string[]).includes(state))
      throw flagError('--state', `one of ${OUTPUT_STATES.join(', ')}`, state);
    return withStudio(ctx, {}, ({ outputs }) => {
      const list = outputs.list(state ? { state: state as OutputState } : {}).map(listedOutput);
      const line = (o: (typeof list)[number]) =>
        `${o.outputId}  ${o.state.padEnd(9)}  ${o.shotId}  ${o.file}${o.fileMissing ? '  (file missing)' : ''}`;
      report(ctx, list, () => (list.length === 0 ? ['no outputs'] : list.map(line)));
      return 0;
    });
  },
};
