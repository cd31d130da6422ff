import path from 'node:path';
import { StudioError } from '../errors/index.ts';
import { migrate, type Db } from '../storage/index.ts';
import type { Ledger } from './ledger.ts';

/**
 * Output commits in progress (domain 'output_commits'): one row per reserved usage id, naming the process that owns
 * it and, once the commit begins, where its file goes. The row is durable before the first byte is written, so
 * recovery can finish or undo a commit wherever its file was headed, outside the workspace included.
 */
export const COMMIT_JOURNAL_MIGRATIONS = [
  `CREATE TABLE output_commits (
     usage_id TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     final_path TEXT UNIQUE,
     temp_path TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX output_commits_owner ON output_commits (owner);`,
] as const;

export interface PendingCommit {
  usageId: string;
  owner: string;
  finalPath: string | null;
  tempPath: string | null;
}

interface Row {
  usage_id: string;
  owner: string;
  final_path: string | null;
  temp_path: string | null;
}

const fromRow = (r: Row): PendingCommit => ({
  usageId: r.usage_id,
  owner: r.owner,
  finalPath: r.final_path,
  tempPath: r.temp_path,
});

export interface CommitJournalDeps {
  db: Db;
  ledger: Pick<Ledger, 'reserveId' | 'releaseId' | 'openReservations'>;
  /** The owner token of this process's lock (ownerLock.ts). */
  owner: string;
  now: () => Date;
}

export function createCommitJournal(deps: CommitJournalDeps) {
  const { db, ledger, owner, now } = deps;
  migrate(db, 'output_commits', COMMIT_JOURNAL_MIGRATIONS);
  const statements = {
    insert: db.prepare('INSERT INTO output_commits (usage_id, owner, created_at) VALUES (?, ?, ?)'),
    begin: db.prepare(
      `INSERT INTO output_commits (usage_id, owner, final_path, temp_path, created_at)
       VALUES (@id, @owner, @finalPath, @tempPath, @at)
       ON CONFLICT (usage_id) DO UPDATE
       SET owner = excluded.owner, final_path = excluded.final_path, temp_path = excluded.temp_path`,
    ),
    byPath: db.prepare('SELECT usage_id, owner, final_path, temp_path FROM output_commits WHERE final_path = ?'),
    get: db.prepare('SELECT usage_id, owner, final_path, temp_path FROM output_commits WHERE usage_id = ?'),
    all: db.prepare('SELECT usage_id, owner, final_path, temp_path FROM output_commits ORDER BY created_at, usage_id'),
    remove: db.prepare('DELETE FROM output_commits WHERE usage_id = ?'),
    claim: db.prepare('UPDATE output_commits SET owner = ? WHERE usage_id = ? AND owner = ?'),
  };

  const reserveTx = db.transaction((): string => {
    const id = ledger.reserveId();
    statements.insert.run(id, owner, now().toISOString());
    return id;
  });
  const beginTx = db.transaction((p: { id: string; finalPath: string; tempPath: string }): void => {
    const other = statements.byPath.get(p.finalPath) as Row | undefined;
    if (other && other.usage_id !== p.id) {
      throw new StudioError(
        'OUTPUT_EXISTS',
        `Expected ${p.finalPath} to be free but output ${other.usage_id} is being written there; ` +
          'outputs are never overwritten',
        { path: p.finalPath, usageId: other.usage_id },
      );
    }
    statements.begin.run({ id: p.id, owner, finalPath: p.finalPath, tempPath: p.tempPath, at: now().toISOString() });
  });
  /** Ends a commit: its row goes and, when no record took the id, its reservation too. */
  const settleTx = db.transaction((id: string): void => {
    statements.remove.run(id);
    ledger.releaseId(id);
  });

  return {
    owner,
    /** Reserves a usage id (ledger.reserveId) owned by this process, in one transaction. */
    reserve: (): string => reserveTx.immediate(),
    /** Records durably where the commit's file goes, before any byte is written; refuses a path another holds. */
    begin: (id: string, finalPath: string, tempPath: string): void =>
      beginTx.immediate({ id, finalPath: path.resolve(finalPath), tempPath: path.resolve(tempPath) }),
    /** The file is in place (or the commit was given up): forget the row, and any reservation left under its id. */
    settle: (id: string): void => settleTx.immediate(id),
    get: (id: string): PendingCommit | undefined => {
      const r = statements.get.get(id) as Row | undefined;
      return r && fromRow(r);
    },
    pending: (): PendingCommit[] => (statements.all.all() as Row[]).map(fromRow),
    /** Takes over a dead owner's commit; false when another process took it first. */
    claim: (id: string, from: string): boolean => statements.claim.run(owner, id, from).changes === 1,
    /** Reservations no journal row owns (left by a crash of an older version, or by a direct ledger.reserveId). */
    unownedReservations: (): string[] => ledger.openReservations().filter((id) => !statements.get.get(id)),
    releaseReservation: (id: string): void => {
      ledger.releaseId(id);
    },
  };
}
export type CommitJournal = ReturnType<typeof createCommitJournal>;
