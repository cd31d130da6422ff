/** The workspace's own tables. Other rooms (ledger, queue, review, sync) migrate their own domains. */
export const WORKSPACE_MIGRATIONS = [
  `CREATE TABLE twins (
     twin_id TEXT PRIMARY KEY,
     display_name TEXT NOT NULL,
     owner_name TEXT NOT NULL,
     consent_id TEXT NOT NULL,
     manifest_sha256 TEXT NOT NULL,
     imported_at TEXT NOT NULL
   );
   CREATE TABLE licences (
     licence_id TEXT PRIMARY KEY,
     twin_id TEXT NOT NULL REFERENCES twins(twin_id),
     body TEXT NOT NULL,
     imported_at TEXT NOT NULL
   );
   CREATE TABLE revocations (
     revocation_id TEXT PRIMARY KEY,
     licence_id TEXT NOT NULL,
     body TEXT NOT NULL,
     received_at TEXT NOT NULL
   );
   CREATE TABLE withdrawals (
     withdrawal_id TEXT PRIMARY KEY,
     twin_id TEXT NOT NULL,
     body TEXT NOT NULL,
     received_at TEXT NOT NULL
   );
   CREATE TABLE garments (
     garment_id TEXT PRIMARY KEY,
     category TEXT NOT NULL,
     body TEXT NOT NULL,
     imported_at TEXT NOT NULL
   );
   CREATE TABLE scenes (
     scene_id TEXT PRIMARY KEY,
     body TEXT NOT NULL,
     imported_at TEXT NOT NULL
   );
   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
] as const;
