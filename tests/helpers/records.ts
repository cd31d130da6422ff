import type { UnsignedUsageRecord, UsageRecord } from '../../src/ledger/index.ts';

export { canonicalJson, generateKeyPair, type KeyPairFile } from '../../src/crypto/index.ts';

/** A record's unsealed fields with some replaced, ready to seal as a rival record at the same seq. */
export function sealRecordFields(record: UsageRecord, patch: Partial<UnsignedUsageRecord>): UnsignedUsageRecord {
  const { hash: _h, signature: _s, ...fields } = record;
  return { ...fields, ...patch };
}
