import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPair, type KeyPairFile } from '../../src/crypto/index.ts';
import { createLedger, type AppendInput } from '../../src/ledger/index.ts';
import { openDatabase, type Db } from '../../src/storage/index.ts';

/** A ledger on a real SQLite file in a fresh temp folder, with a clock that ticks one second per call. */
export function makeLedgerFixture(options: { key?: KeyPairFile; dir?: string } = {}) {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'ledger-'));
  const key = options.key ?? generateKeyPair();
  const db: Db = openDatabase(path.join(dir, 'studio.db'));
  let tick = Date.parse('2026-11-23T09:00:00.000Z');
  const now = () => new Date((tick += 1000));
  const ledger = createLedger({ db, workstationKey: key, user: 'ana@studio.example', now });
  return {
    dir,
    key,
    db,
    ledger,
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A render record's input; `n` varies the output hash. */
export function renderInput(n: number, overrides: Partial<AppendInput> = {}): AppendInput {
  return {
    kind: 'render',
    twinId: 'tw_mara',
    licenceId: 'lic_0001',
    shotId: `shot_${n}`,
    ref: null,
    outputSha256: n.toString(16).padStart(64, '0'),
    use: { channel: 'web', territory: 'DE' },
    fee: { amount: 1200, currency: 'EUR' },
    ...overrides,
  };
}
