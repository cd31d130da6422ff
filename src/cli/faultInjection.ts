import { COMMIT_STEPS, type CommitStep } from '../ledger/index.ts';
import { usageError } from './run.ts';

/**
 * A test seam, not a feature: `TWIN_STUDIO_FAULT=<point>` makes a CLI render SIGKILL its own process at that point
 * of the output commit, as a power cut or a killed app would stop it; the crash tests (tests/crash) use it to prove
 * that the next command restores "file and record, or neither". Read only here, in the CLI's composition root.
 */
export const FAULT_POINTS: Readonly<Record<string, CommitStep>> = {
  'before-write': 'begun',
  'after-write': 'temp-written',
  'before-insert': 'temp-synced',
  'after-insert': 'recorded',
  'before-rename': 'recorded',
  'after-rename': 'renamed',
  'after-commit': 'dir-synced',
};

/** The commit hook for the fault named in the environment, or undefined when none is. */
export function commitFaultFromEnv(
  env: NodeJS.ProcessEnv,
  kill: () => void = () => process.kill(process.pid, 'SIGKILL'),
): ((step: CommitStep) => void) | undefined {
  const name = env.TWIN_STUDIO_FAULT;
  if (!name) return undefined;
  const step = FAULT_POINTS[name] ?? (COMMIT_STEPS as readonly string[]).find((s) => s === name);
  if (!step) {
    const known = Object.keys(FAULT_POINTS).join(', ');
    throw usageError(`TWIN_STUDIO_FAULT expects one of ${known}, got ${JSON.stringify(name)}`);
  }
  return (reached) => {
    if (reached === step) kill();
  };
}
