import type { RecoveryReport } from '../ledger/index.ts';

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * What recovery did when the studio opened, in words for the person who ran the command: nothing when it had
 * nothing to do, one line for what it put right, and one line for each output it could not restore.
 */
export function recoveryLines(report: RecoveryReport): string[] {
  const fixed = [
    report.completed.length > 0 ? `${count(report.completed.length, 'interrupted output')} finished` : '',
    report.discarded.length > 0 ? `${count(report.discarded.length, 'unrecorded temp file')} removed` : '',
    report.released.length > 0 ? `${count(report.released.length, 'abandoned reservation')} given back` : '',
  ].filter(Boolean);
  return [
    ...(fixed.length > 0 ? [`recovered after an interrupted run: ${fixed.join(', ')}`] : []),
    ...report.conflicts.map((c) => `recovery left ${c.temp} alone: ${c.reason}`),
    ...report.missing.map(
      (m) => `OUTPUT_FILE_MISSING: the output of usage ${m.usageId} (${m.path}) is gone; restore it from a backup`,
    ),
  ];
}
