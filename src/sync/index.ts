export { backoffDelay } from './backoff.ts';
export { createSyncClient, type SyncClient, type SyncClientDeps, type SyncResult, type SyncStatus } from './client.ts';
export { type LogCheckpoint } from './consistency.ts';
export { enrolWithRegistry, type Enrolment } from './enrol.ts';
export { trustRegistryCa } from './registryCa.ts';
