/**
 * Child process for the crash tests: commits COUNT outputs and, at output KILL_INDEX, SIGKILLs itself right
 * after step KILL_STEP, as a power cut or a killed app would stop it. Run with Node 24 (type stripping).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commitOutput, createLedger, type CommitStep } from '../../src/ledger/index.ts';
import { openDatabase } from '../../src/storage/index.ts';
import { childOutputBytes, childOutputPath, childRecord } from './commitChildOutputs.ts';
import { systemClock } from '../../src/clock/index.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`commitChild needs ${name}`);
  return value;
};

const dir = env('LEDGER_DIR');
const count = Number(env('COUNT'));
const killIndex = Number(process.env.KILL_INDEX ?? -1);
const killStep = process.env.KILL_STEP as CommitStep | undefined;

const db = openDatabase(path.join(dir, 'studio.db'));
const ledger = createLedger({
  db,
  workstationKey: JSON.parse(readFileSync(path.join(dir, 'key.json'), 'utf8')),
  user: 'child@studio.example',
  now: systemClock,
});
for (let i = 0; i < count; i++) {
  const id = ledger.reserveId();
  commitOutput({
    ledger,
    finalPath: childOutputPath(dir, i),
    bytes: childOutputBytes(i),
    record: { ...childRecord(i), id },
    afterStep: (step) => {
      if (i === killIndex && step === killStep) process.kill(process.pid, 'SIGKILL');
    },
  });
}
db.close();
