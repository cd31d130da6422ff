import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, generateKeyPair } from '../../src/crypto/index.ts';
import { createLedger, verifyRows, type LedgerRow } from '../../src/ledger/index.ts';
import { openDatabase } from '../../src/storage/index.ts';
import { createMemoryOutbox } from '../../tests/helpers/memoryOutbox.ts';
import { type Benchmark, median, round } from './types.ts';

const ROWS = 'SELECT seq, id, body, hash, kind, licence_id, twin_id, output_sha256, ref, at FROM usage_records ORDER BY seq';

function timeMs<T>(run: () => T, times: number): { ms: number; last: T } {
  const samples: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    last = run();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), last: last as T };
}

/**
 * The policy gate's ledger check at `TWIN_BENCH_LEDGER_N` records (default 100 000), against the full walk of the
 * same ledger in the same run (`ratio` = incremental / full). `firstCheckMs` is the one full walk a workspace from
 * before the verified-through mark (or after a schema change) pays; `fullVerifyPemPerRecordMs` is the full walk
 * parsing the workstation's public key for every record, as `ledger verify` did before it parsed it once.
 */
export const ledgerBenchmark: Benchmark = {
  name: 'ledger',
  async *run({ iterations, log }) {
    const n = Number(process.env.TWIN_BENCH_LEDGER_N ?? '100000');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-ledger-'));
    const db = openDatabase(path.join(dir, 'studio.db'));
    try {
      const key = generateKeyPair();
      const ledger = createLedger({ db, workstationKey: key, user: 'bench', now: () => new Date('2026-11-23T10:00:00Z') });
      log(`ledger: sealing ${n} records`);
      const outbox = createMemoryOutbox(key);
      const at = new Date('2026-11-23T10:00:00Z');
      for (let i = 0; i < n; i++) outbox.append({ licenceId: `lic-${i % 40}`, fee: 900 + (i % 7), at });
      const insert = db.prepare(
        'INSERT INTO usage_records (seq, id, body, hash, kind, licence_id, twin_id, output_sha256, ref, at) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      db.transaction(() => {
        for (const r of outbox.records) {
          insert.run(r.seq, r.id, canonicalJson(r), r.hash, r.kind, r.licenceId, r.twinId, r.outputSha256, r.ref, r.at);
        }
        const head = outbox.head();
        db.prepare('UPDATE ledger_sync SET head_seq = ?, head_hash = ? WHERE singleton = 1').run(head.seq, head.hash);
      })();

      log('ledger: first check (walks the whole chain, then stores the verified-through mark)');
      const first = timeMs(() => ledger.checkIntegrity(), 1);
      if (!first.last.ok || first.last.mode !== 'full') throw new Error(`first check: ${JSON.stringify(first.last)}`);
      const incremental = timeMs(() => ledger.checkIntegrity(), Math.max(iterations, 25));
      if (!incremental.last.ok || incremental.last.mode !== 'incremental') throw new Error(`incremental check: ${JSON.stringify(incremental.last)}`);

      // A full walk takes seconds at this size: one sample each.
      const fullRuns = 1;
      log('ledger: full walks, the key parsed once and per record');
      const full = timeMs(() => ledger.verifyChain(), fullRuns);
      const marks = { workstationId: ledger.workstationId(), headMark: ledger.head(), ackedMark: { seq: 0, hash: '0'.repeat(64) } };
      const pem = timeMs(() => verifyRows(db.prepare(ROWS).iterate() as Iterable<LedgerRow>, { ...marks, publicKey: key.publicKeyPem }), fullRuns);
      if (!full.last.ok || !pem.last.ok || full.last.count !== n) throw new Error('the full walk failed');

      yield {
        n,
        incrementalCheckMs: round(incremental.ms, 2),
        fullVerifyMs: round(full.ms),
        ratio: Number((incremental.ms / full.ms).toPrecision(3)),
        firstCheckMs: round(first.ms),
        fullVerifyPemPerRecordMs: round(pem.ms),
        keyParsedOnceSpeedup: round(pem.ms / full.ms, 2),
      };
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
