import { verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, parsePublicKey, sha256Hex, signObject } from '../crypto/index.ts';

/** `proof`: a screen-size render with the proof mark; it never counts against the image quota and never exports. */
export const USAGE_KINDS = ['render', 'review.approved', 'review.rejected', 'export', 'proof'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export const GENESIS_HASH = '0'.repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** One usage record as it is signed, stored, pushed to the registry and verified there. */
export const usageRecordSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int().positive(),
    at: z.iso.datetime({ offset: true }),
    workstationId: z.string().min(1).max(64),
    user: z.string().min(1).max(120),
    kind: z.enum(USAGE_KINDS),
    twinId: z.string().min(1).max(64),
    licenceId: z.string().min(1).max(64),
    shotId: z.string().min(1).max(64),
    /** The usage id of the render this record is about (review and export records); null for a render or a proof. */
    ref: z.uuid().nullable(),
    outputSha256: hex64,
    use: z.object({ channel: z.string().min(1), territory: z.string().min(1) }).strict(),
    /** Money in integer minor units; reviews cost nothing, proofs only where the licence bills them. */
    fee: z.object({ amount: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }).strict(),
    prevHash: hex64,
    hash: hex64,
    signature: z.string().min(1),
  })
  .strict();
export type UsageRecord = z.infer<typeof usageRecordSchema>;
export type UnsignedUsageRecord = Omit<UsageRecord, 'hash' | 'signature'>;

/** hash = SHA-256 over the canonical record (prevHash included, hash and signature left out). */
export function recordHash(record: UnsignedUsageRecord | UsageRecord): string {
  const { hash: _h, signature: _s, ...body } = record as UsageRecord;
  return sha256Hex(canonicalJson(body));
}

/** Seals a record: computes its hash over the chain link, then signs everything but the signature. */
export function sealRecord(record: UnsignedUsageRecord, workstationPrivateKeyPem: string): UsageRecord {
  return signObject({ ...record, hash: recordHash(record) }, workstationPrivateKeyPem);
}

export type RecordProblem = 'hash' | 'signature' | 'prevHash' | 'seq';

/**
 * The bytes a record's hash and signature cover, from one canonical serialisation: the signed bytes are the
 * canonical record without its signature, the hashed bytes the same without its `hash` member. Keys are sorted and
 * `hash` is never first (`at` precedes it), and a quote inside a string value is escaped, so `,"hash":"…"` occurs
 * once, as that member; a record whose hash is not what it claims fails the comparison either way.
 */
function coveredBytes(record: UsageRecord): { hashed: string; signed: string } {
  const { signature: _s, ...unsigned } = record;
  const signed = canonicalJson(unsigned);
  return { signed, hashed: signed.replace(`,"hash":${JSON.stringify(record.hash)}`, '') };
}

/** A PEM is parsed on each call: a walk over many records passes the key parsed (a KeyObject). */
function signatureValid(signed: string, signature: string, workstationPublicKey: KeyObject | string): boolean {
  try {
    const key = typeof workstationPublicKey === 'string' ? parsePublicKey(workstationPublicKey) : workstationPublicKey;
    return verify(null, Buffer.from(signed, 'utf8'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Checks one record against its predecessor; returns what is wrong, or null. */
export function checkRecordLink(
  record: UsageRecord,
  previous: { seq: number; hash: string } | null,
  workstationPublicKey: KeyObject | string,
): RecordProblem | null {
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (record.seq !== expectedSeq) return 'seq';
  if (record.prevHash !== (previous ? previous.hash : GENESIS_HASH)) return 'prevHash';
  const { hashed, signed } = coveredBytes(record);
  if (sha256Hex(hashed) !== record.hash) return 'hash';
  if (!signatureValid(signed, record.signature, workstationPublicKey)) return 'signature';
  return null;
}

/** Kinds that make an image of their own (a render or a proof): they name no other record (ref null). */
export const isImageKind = (kind: UsageKind): boolean => kind === 'render' || kind === 'proof';
