import { StudioError } from '../../errors/index.ts';
import { rebuildTreeNodes } from '../treeNodes.ts';
import { USAGE_COLUMNS } from '../usageRows.ts';
import type { RegistryStore, SqlRunner } from './types.ts';

/** The same SQL for SQLite and PostgreSQL: TEXT, INTEGER and BIGINT only; ids are assigned under the writer lock. */
export const REGISTRY_MIGRATIONS: readonly (string | ((tx: SqlRunner) => Promise<void>))[] = [
  `CREATE TABLE registry_keys (key_id TEXT PRIMARY KEY, public_key_pem TEXT NOT NULL, private_key_pem TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE enrolment_tokens (token_hash TEXT PRIMARY KEY, org_id TEXT, created_at TEXT NOT NULL, used_at TEXT, workstation_id TEXT);
   CREATE TABLE workstations (id TEXT PRIMARY KEY, public_key_pem TEXT NOT NULL, org_id TEXT NOT NULL, enrolled_at TEXT NOT NULL,
     acked_seq INTEGER NOT NULL, head_hash TEXT NOT NULL, last_check_in TEXT, clock_offset_ms BIGINT NOT NULL DEFAULT 0);
   CREATE TABLE usage_records (workstation_id TEXT NOT NULL REFERENCES workstations(id), seq INTEGER NOT NULL, id TEXT NOT NULL UNIQUE,
     body TEXT NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, twin_id TEXT NOT NULL, licence_id TEXT NOT NULL,
     fee_amount BIGINT NOT NULL, fee_currency TEXT NOT NULL, odd_clock INTEGER NOT NULL, received_at TEXT NOT NULL,
     PRIMARY KEY (workstation_id, seq));
   CREATE INDEX usage_by_twin ON usage_records (twin_id, at);
   CREATE TABLE licences (licence_id TEXT PRIMARY KEY, twin_id TEXT NOT NULL, body TEXT NOT NULL, issued_at TEXT NOT NULL, revoked_at TEXT);
   CREATE TABLE changes (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref_id TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE flags (id INTEGER PRIMARY KEY, workstation_id TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER, details TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE tlog (leaf_index INTEGER PRIMARY KEY, leaf_hash TEXT NOT NULL, record_id TEXT NOT NULL UNIQUE);`,
  // 2: usage ids are unique per workstation (another workstation re-using an id must not block this one);
  // the change feed knows which organisation each change concerns.
  `CREATE TABLE usage_records_v2 (workstation_id TEXT NOT NULL REFERENCES workstations(id), seq INTEGER NOT NULL, id TEXT NOT NULL,
     body TEXT NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, twin_id TEXT NOT NULL, licence_id TEXT NOT NULL,
     fee_amount BIGINT NOT NULL, fee_currency TEXT NOT NULL, odd_clock INTEGER NOT NULL, received_at TEXT NOT NULL,
     PRIMARY KEY (workstation_id, seq), UNIQUE (workstation_id, id));
   INSERT INTO usage_records_v2 (${USAGE_COLUMNS}) SELECT ${USAGE_COLUMNS} FROM usage_records;
   CREATE TABLE tlog_v2 (leaf_index INTEGER PRIMARY KEY, leaf_hash TEXT NOT NULL, workstation_id TEXT NOT NULL, record_id TEXT NOT NULL);
   INSERT INTO tlog_v2 (leaf_index, leaf_hash, workstation_id, record_id)
     SELECT t.leaf_index, t.leaf_hash, COALESCE(u.workstation_id, ''), t.record_id FROM tlog t LEFT JOIN usage_records u ON u.id = t.record_id;
   DROP TABLE tlog;
   ALTER TABLE tlog_v2 RENAME TO tlog;
   DROP TABLE usage_records;
   ALTER TABLE usage_records_v2 RENAME TO usage_records;
   CREATE INDEX usage_by_twin ON usage_records (twin_id, at);
   ALTER TABLE changes ADD COLUMN org_id TEXT`,
  backfillChangeOrgs,
  // 3: a key retired by a rotation stays on record (its public half verifies what it signed) but signs nothing new;
  // admin tokens (statements over HTTP) are kept as hashes.
  `ALTER TABLE registry_keys ADD COLUMN retired_at TEXT;
   CREATE TABLE admin_tokens (token_hash TEXT PRIMARY KEY, created_at TEXT NOT NULL)`,
  // 5 and 6: the log's complete subtrees are kept as they close (treeNodes.ts), so proofs read O(log n) rows; a
  // workstation's leaves are found by record, to prove a resent batch is in the log.
  `CREATE TABLE tlog_nodes (node_id INTEGER PRIMARY KEY, hash TEXT NOT NULL);
   CREATE INDEX tlog_by_record ON tlog (workstation_id, record_id)`,
  rebuildTreeNodes,
];

/** Old feed entries learn their organisation: a licence's licensee, a revocation's licence's licensee. */
async function backfillChangeOrgs(tx: SqlRunner): Promise<void> {
  const rows = await tx.all<{ seq: number; kind: string; ref_id: string; body: string }>(
    "SELECT seq, kind, ref_id, body FROM changes WHERE kind IN ('licence', 'revocation')",
  );
  const licences = await tx.all<{ licence_id: string; body: string }>('SELECT licence_id, body FROM licences');
  const orgOf = new Map(
    licences.map((l) => [l.licence_id, (JSON.parse(l.body) as { licensee: { orgId: string } }).licensee.orgId]),
  );
  for (const row of rows) {
    const org =
      row.kind === 'licence'
        ? (JSON.parse(row.body) as { licensee: { orgId: string } }).licensee.orgId
        : orgOf.get(row.ref_id);
    // A revocation of a licence this registry never stored concerns nobody we know: keep it from every feed.
    await tx.run('UPDATE changes SET org_id = ? WHERE seq = ?', [org ?? '', row.seq]);
  }
}

export async function migrateRegistry(store: RegistryStore): Promise<void> {
  // Inside the writer lock, so two registry processes starting on one PostgreSQL do not race the DDL.
  await store.write(async (tx) => {
    await tx.run('CREATE TABLE IF NOT EXISTS registry_schema (domain TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    const row = await tx.get<{ version: number }>("SELECT version FROM registry_schema WHERE domain = 'registry'");
    const current = row?.version ?? 0;
    if (current > REGISTRY_MIGRATIONS.length) {
      throw new StudioError(
        'DB_TOO_NEW',
        `The registry tables are at version ${current}, newer than this build knows (${REGISTRY_MIGRATIONS.length})`,
        { current },
      );
    }
    for (let version = current + 1; version <= REGISTRY_MIGRATIONS.length; version++) {
      const step = REGISTRY_MIGRATIONS[version - 1] as string | ((tx: SqlRunner) => Promise<void>);
      if (typeof step === 'function') await step(tx);
      else for (const statement of step.split(';')) if (statement.trim()) await tx.run(statement);
    }
    await tx.run(
      "INSERT INTO registry_schema (domain, version) VALUES ('registry', ?) ON CONFLICT (domain) DO UPDATE SET version = excluded.version",
      [REGISTRY_MIGRATIONS.length],
    );
  });
}
