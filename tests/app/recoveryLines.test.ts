import { describe, expect, it } from 'vitest';
import { recoveryLines } from '../../src/app/index.ts';
import { emptyRecoveryReport } from '../../src/ledger/index.ts';

describe('what a command says recovery did when the studio opened', () => {
  it('says nothing when there was nothing to do', () => {
    expect(recoveryLines(emptyRecoveryReport())).toEqual([]);
  });

  it('says in one line what it put right, and one line for each output it could not restore', () => {
    const report = {
      ...emptyRecoveryReport(),
      completed: ['/out/a.png'],
      discarded: ['/out/.b.png.partial', '/out/.c.png.partial'],
      released: ['0193-usage'],
      missing: [{ usageId: '0194-usage', path: '/out/d.png' }],
    };
    expect(recoveryLines(report)).toEqual([
      'recovered after an interrupted run: 1 interrupted output finished, 2 unrecorded temp files removed, ' +
        '1 abandoned reservation given back',
      'OUTPUT_FILE_MISSING: the output of usage 0194-usage (/out/d.png) is gone; restore it from a backup',
    ]);
  });
});
