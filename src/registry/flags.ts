import type { SqlRunner } from './store/index.ts';

export type FlagKind =
  | 'equivocation'
  | 'fork'
  | 'gap'
  | 'invalid-record'
  | 'head-rollback'
  | 'head-fork'
  | 'foreign-licence'
  | 'fee-mismatch';

export interface Flag {
  workstationId: string;
  kind: FlagKind;
  seq: number | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export async function addFlag(tx: SqlRunner, flag: Omit<Flag, 'createdAt'>, now: Date): Promise<void> {
  const next = await tx.get<{ n: number }>('SELECT COALESCE(MAX(id), 0) + 1 AS n FROM flags');
  await tx.run('INSERT INTO flags (id, workstation_id, kind, seq, details, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    next?.n ?? 1,
    flag.workstationId,
    flag.kind,
    flag.seq,
    JSON.stringify(flag.details),
    now.toISOString(),
  ]);
}

export async function listFlags(db: SqlRunner, workstationId?: string): Promise<Flag[]> {
  const rows = await db.all<{
    workstation_id: string;
    kind: FlagKind;
    seq: number | null;
    details: string;
    created_at: string;
  }>(
    `SELECT workstation_id, kind, seq, details, created_at FROM flags ${workstationId ? 'WHERE workstation_id = ?' : ''} ORDER BY id`,
    workstationId ? [workstationId] : [],
  );
  return rows.map((r) => ({
    workstationId: r.workstation_id,
    kind: r.kind,
    seq: r.seq,
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: r.created_at,
  }));
}
