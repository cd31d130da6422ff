/**
 * The ledger's own tables (domain 'ledger'). `usage_records.body` is the canonical JSON of the whole signed
 * record and is what counts; the other columns are copies for lookups, and `verifyChain` checks that they
 * agree with the body. Triggers make the table append-only for everything short of raw schema changes.
 */
export const LEDGER_MIGRATIONS = [
  `CREATE TABLE usage_records (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     body TEXT NOT NULL,
     hash TEXT NOT NULL,
     kind TEXT NOT NULL,
     licence_id TEXT NOT NULL,
     twin_id TEXT NOT NULL,
     output_sha256 TEXT NOT NULL,
     ref TEXT,
     at TEXT NOT NULL
   );
   CREATE INDEX usage_records_licence ON usage_records (licence_id, kind);
   CREATE INDEX usage_records_output ON usage_records (output_sha256);
   CREATE INDEX usage_records_ref ON usage_records (ref);
   -- The usage id's short form (its last 48 bits, the random part of a UUIDv7) is what the watermark carries.
   CREATE INDEX usage_records_short ON usage_records (substr(id, 25));
   CREATE TRIGGER usage_records_no_update BEFORE UPDATE ON usage_records
   BEGIN SELECT RAISE(ABORT, 'usage_records is append-only: UPDATE refused'); END;
   CREATE TRIGGER usage_records_no_delete BEFORE DELETE ON usage_records
   BEGIN SELECT RAISE(ABORT, 'usage_records is append-only: DELETE refused'); END;

   CREATE TABLE usage_reservations (
     id TEXT PRIMARY KEY,
     reserved_at TEXT NOT NULL
   );
   CREATE INDEX usage_reservations_short ON usage_reservations (substr(id, 25));

   CREATE TABLE ledger_sync (
     singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
     head_seq INTEGER NOT NULL,
     head_hash TEXT NOT NULL,
     acked_seq INTEGER NOT NULL,
     acked_hash TEXT NOT NULL,
     last_receipt TEXT
   );
   INSERT INTO ledger_sync (singleton, head_seq, head_hash, acked_seq, acked_hash, last_receipt)
   VALUES (1, 0, '${'0'.repeat(64)}', 0, '${'0'.repeat(64)}', NULL);

   CREATE TABLE sync_receipts (
     receipt_id INTEGER PRIMARY KEY,
     signature TEXT NOT NULL UNIQUE,
     acked_seq INTEGER NOT NULL,
     head_hash TEXT NOT NULL,
     body TEXT NOT NULL,
     received_at TEXT NOT NULL
   );
   CREATE TRIGGER sync_receipts_no_update BEFORE UPDATE ON sync_receipts
   BEGIN SELECT RAISE(ABORT, 'sync_receipts is append-only: UPDATE refused'); END;
   CREATE TRIGGER sync_receipts_no_delete BEFORE DELETE ON sync_receipts
   BEGIN SELECT RAISE(ABORT, 'sync_receipts is append-only: DELETE refused'); END;`,
  // From this version on the ledger keeps a signed head file beside the database (headFile.ts). The open that
  // applies this step writes the first file just before; afterwards a missing file is tampering.
  `CREATE TABLE ledger_head_file (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), since_seq INTEGER NOT NULL);
   INSERT INTO ledger_head_file (singleton, since_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM usage_records;`,
] as const;
