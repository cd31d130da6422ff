import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, signedBytes } from '../crypto/index.ts';
import { migrate, type Db } from '../storage/index.ts';
import type { UsageRecord } from './record.ts';

/** What the signed records say one licence used: images (render records) and fees per currency, in minor units. */
export interface LicenceUsage {
  images: number;
  fees: Record<string, number>;
}
export type UsageTally = Record<string, LicenceUsage>;

export function addToTally(tally: UsageTally, record: UsageRecord): void {
  const usage = (tally[record.licenceId] ??= { images: 0, fees: {} });
  if (record.kind === 'render') usage.images++;
  usage.fees[record.fee.currency] = (usage.fees[record.fee.currency] ?? 0) + record.fee.amount;
}

export const cloneTally = (tally: UsageTally): UsageTally =>
  Object.fromEntries(Object.entries(tally).map(([id, u]) => [id, { images: u.images, fees: { ...u.fees } }]));

const count = z.number().int().nonnegative();

/**
 * "Records 1..seq verified, the record at seq had this hash, and they used this much": signed by the workstation
 * key, like the records themselves, so it cannot be edited or forged without that key. `schemaVersion` is SQLite's
 * schema cookie when the mark was made: editing or deleting a record needs its append-only triggers dropped, and
 * dropping (or re-creating) a trigger moves the cookie, so a mark whose cookie differs is not trusted to cover the
 * older rows and the next check walks the whole chain again.
 */
const verifiedMarkSchema = z
  .object({
    format: z.literal('ledger-verified/1'),
    workstationId: z.string().min(1),
    seq: count,
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    schemaVersion: count,
    usage: z.record(z.string(), z.object({ images: count, fees: z.record(z.string(), count) }).strict()),
    signature: z.string().min(1),
  })
  .strict();
export type VerifiedMark = z.infer<typeof verifiedMarkSchema>;
export type UnsignedVerifiedMark = Omit<VerifiedMark, 'signature' | 'format' | 'workstationId'>;

/** Its own migration domain: the mark is a cache of a verification, not part of the ledger's records. */
const VERIFIED_MARK_MIGRATIONS = [
  'CREATE TABLE ledger_verified (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), body TEXT NOT NULL)',
] as const;

/** The triggers that make usage_records append-only (migrations.ts): older rows are trusted only while they stand. */
const GUARDS = ['usage_records_no_delete', 'usage_records_no_update'] as const;

export type StoredMark =
  | { state: 'none' }
  | { state: 'valid'; mark: VerifiedMark; body: string }
  | { state: 'invalid'; body: string; reason: string };

export interface VerifiedMarkDeps {
  db: Db;
  workstationId: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function createVerifiedMarkBook(deps: VerifiedMarkDeps) {
  const { db, workstationId, publicKey, privateKey } = deps;
  migrate(db, 'ledger_verified', VERIFIED_MARK_MIGRATIONS);
  const statements = {
    read: db.prepare('SELECT body FROM ledger_verified WHERE singleton = 1').pluck(),
    write: db.prepare(
      'INSERT INTO ledger_verified (singleton, body) VALUES (1, ?) ' +
        'ON CONFLICT (singleton) DO UPDATE SET body = excluded.body',
    ),
    guards: db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'usage_records' " +
          "AND sql LIKE '%RAISE(ABORT%' ORDER BY name",
      )
      .pluck(),
  };

  function read(): StoredMark {
    let body: string | undefined;
    try {
      body = statements.read.get() as string | undefined;
    } catch (error) {
      if (!/no such table/.test((error as Error).message)) throw error;
      return { state: 'invalid', body: '', reason: 'its table was dropped' };
    }
    if (body === undefined) return { state: 'none' };
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return { state: 'invalid', body, reason: 'it is not JSON' };
    }
    const parsed = verifiedMarkSchema.safeParse(value);
    const invalid = (reason: string): StoredMark => ({ state: 'invalid', body, reason });
    if (!parsed.success) return invalid(`it is not a verified-through mark (${parsed.error.issues[0]?.message ?? ''})`);
    const mark = parsed.data;
    if (mark.workstationId !== workstationId) {
      return invalid(`it is for workstation ${mark.workstationId}, not this one (${workstationId})`);
    }
    let signed = false;
    try {
      signed = verify(null, signedBytes(mark), publicKey, Buffer.from(mark.signature, 'base64url'));
    } catch {
      signed = false;
    }
    if (!signed) return invalid("its signature does not verify with this workstation's key (edited or forged)");
    return { state: 'valid', mark, body };
  }

  return {
    read,
    /** SQLite's schema cookie: it moves with every CREATE or DROP, triggers included. */
    schemaVersion: (): number => db.pragma('schema_version', { simple: true }) as number,
    /** Whether both append-only triggers of usage_records are in place. */
    guardsInPlace: (): boolean => (statements.guards.all() as string[]).join() === GUARDS.join(),
    /** Signs and stores a new mark. */
    write(next: UnsignedVerifiedMark): void {
      const unsigned = { format: 'ledger-verified/1' as const, workstationId, ...next };
      const signature = sign(null, signedBytes(unsigned), privateKey).toString('base64url');
      statements.write.run(canonicalJson({ ...unsigned, signature }));
    },
  };
}
export type VerifiedMarkBook = ReturnType<typeof createVerifiedMarkBook>;
