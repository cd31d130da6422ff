import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, generateKeyPair, parsePublicKey } from '../../src/crypto/index.ts';
import { createLedger, verifyRows, type LedgerRow } from '../../src/ledger/index.ts';
import { openDatabase } from '../../src/storage/index.ts';
import { createMemoryOutbox } from '../../tests/helpers/memoryOutbox.ts';
import { type Benchmark, median, round } from './types.ts';

/** Rows for the key-parsing comparison. */
const KEY_ROWS = 10_000;
const ROWS =
  'SELECT seq, id, body, hash, kind, licence_id, twin_id, output_sha256, ref, at FROM usage_records ORDER BY seq';

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
 * before the verified-through mark (or after a schema change) pays. The `walk…UsPerRecord` figures compare the walk
 * with the workstation's public key parsed once (now) and parsed for every record (as `ledger verify` did before).
 */
export const ledgerBenchmark: Benchmark = {
  name: 'ledger',
  async *run({ iterations, log }) {
    const n = Number(process.env.TWIN_BENCH_LEDGER_N ?? '100000');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-ledger-'));
    const db = openDatabase(path.join(dir, 'studio.db'));
    try {
      const key = generateKeyPair();
      const at = new Date('2026-11-23T10:00:00Z');
      const ledger = createLedger({ db, workstationKey: key, user: 'bench', now: () => at });
      log(`ledger: sealing ${n} records`);
      const outbox = createMemoryOutbox(key);
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
      if (!incremental.last.ok || incremental.last.mode !== 'incremental') {
        throw new Error(`incremental check: ${JSON.stringify(incremental.last)}`);
      }

      log('ledger: full walk');
      // A full walk takes seconds at this size: one sample.
      const full = timeMs(() => ledger.verifyChain(), 1);
      if (!full.last.ok || full.last.count !== n) throw new Error(`the full walk failed: ${JSON.stringify(full.last)}`);

      // The key parsed once against parsed per record, on the same rows in alternating rounds, so that a change in
      // the machine's load between the two hits both alike.
      const slice = db.prepare(`${ROWS} LIMIT ?`).all(Math.min(n, KEY_ROWS)) as LedgerRow[];
      const last = slice.at(-1) as LedgerRow;
      const marks = {
        workstationId: ledger.workstationId(),
        headMark: { seq: last.seq, hash: last.hash },
        ackedMark: { seq: 0, hash: '0'.repeat(64) },
      };
      const parsedKey = parsePublicKey(key.publicKeyPem);
      const perRecordUs = { once: [] as number[], pem: [] as number[] };
      log(`ledger: key parsed once vs per record, ${slice.length} records, 3 rounds each`);
      for (let round = 0; round < 3; round++) {
        for (const [which, publicKey] of [
          ['once', parsedKey],
          ['pem', key.publicKeyPem],
        ] as const) {
          const walk = timeMs(() => verifyRows(slice, { ...marks, publicKey }), 1);
          if (!walk.last.ok) throw new Error(`the ${which} walk failed: ${JSON.stringify(walk.last)}`);
          perRecordUs[which].push((walk.ms * 1000) / slice.length);
        }
      }
      const onceUs = median(perRecordUs.once);
      const pemUs = median(perRecordUs.pem);

      yield {
        n,
        incrementalCheckMs: round(incremental.ms, 2),
        fullVerifyMs: round(full.ms),
        ratio: Number((incremental.ms / full.ms).toPrecision(3)),
        firstCheckMs: round(first.ms),
        walkKeyParsedOnceUsPerRecord: round(onceUs),
        walkKeyPerRecordUsPerRecord: round(pemUs),
        keyParsedOnceSpeedup: round(pemUs / onceUs, 2),
      };
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
