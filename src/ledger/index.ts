export type { LedgerOutbox, PushReceipt } from './outbox.ts';
export { checkRecordLink, GENESIS_HASH, recordHash, sealRecord, USAGE_KINDS, usageRecordSchema, type RecordProblem, type UnsignedUsageRecord, type UsageKind, type UsageRecord } from './record.ts';
export { workstationIdOf } from './workstationId.ts';
