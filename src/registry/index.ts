export {
  issueLicence,
  publishOwnerList,
  relayWithdrawal,
  revokeLicence,
  statement,
  type LicenceDraft,
  type Statement,
} from './admin.ts';
export { latestOwnerList, registryTrustStore, seedRegistry, type RegistrySeed } from './bootstrap.ts';
export { auditLog, type AuditOptions, type AuditReport } from './audit.ts';
export { listChanges } from './changes.ts';
export {
  createAdminToken,
  createEnrolmentToken,
  findWorkstation,
  isAdminToken,
  type WorkstationRow,
} from './enrolment.ts';
export { listFlags, type Flag, type FlagKind } from './flags.ts';
export { startRegistry, type RegistryOptions, type RunningRegistry } from './main.ts';
export { leafHash, nodeHash, rootOf, verifyBatchInclusion, verifyConsistency, verifyInclusion } from './merkle.ts';
export { rebuildTreeNodes } from './treeNodes.ts';
export {
  AUTH_HEADERS,
  changePageSchema,
  changeSchema,
  checkpointSchema,
  leaseReceiptSchema,
  MAX_RECORDS_PER_PUSH,
  pushReceiptSchema,
  signRequest,
  type Checkpoint,
  type LeaseReceipt,
  type RegistryChange,
} from './protocol.ts';
export { loadOrCreateRegistryKey, rememberRegistryKey, rotateRegistryKey } from './registryKey.ts';
export { createRegistryServer } from './server.ts';
export { openRegistryStore, type RegistryStore } from './store/index.ts';
