export {
  COMMIT_JOURNAL_MIGRATIONS,
  createCommitJournal,
  type CommitJournal,
  type PendingCommit,
} from './commitJournal.ts';
export {
  COMMIT_STEPS,
  commitOutput,
  emptyRecoveryReport,
  recoverOutputs,
  tempPathFor,
  type CommitOutputOptions,
  type CommitStep,
  type RecoveryReport,
} from './commitOutput.ts';
export type { IntegrityCheck } from './integrity.ts';
export {
  appendInputSchema,
  createLedger,
  shortUsageId,
  type AppendInput,
  type Ledger,
  type LedgerDeps,
  type ListQuery,
} from './ledger.ts';
export type { LeafRun, LedgerOutbox, PushReceipt } from './outbox.ts';
export { createOwnerLock, ownerIsGone, type OwnerLock } from './ownerLock.ts';
export { pushReceiptSchema } from './receipts.ts';
export {
  checkRecordLink,
  GENESIS_HASH,
  isImageKind,
  recordHash,
  sealRecord,
  USAGE_KINDS,
  usageRecordSchema,
  type RecordProblem,
  type UnsignedUsageRecord,
  type UsageKind,
  type UsageRecord,
} from './record.ts';
export { recoverCommits, type RecoverCommitsOptions } from './recoverCommits.ts';
export type { LicenceUsage, UsageTally } from './verifiedMark.ts';
export {
  describeChainCheck,
  verifyRows,
  type ChainCheck,
  type ChainMarks,
  type ChainProblem,
  type LedgerRow,
  type WalkOptions,
} from './verifyChain.ts';
export { workstationIdOf } from './workstationId.ts';
