import type { RegistryChange } from './protocol.ts';
import type { RegistryStore, SqlRunner } from './store/index.ts';

/**
 * Appends to the change feed inside a writer transaction, so cursors follow commit order. `orgId` is the one
 * organisation the change concerns (a licence's licensee); null for changes every workstation needs.
 */
export async function appendChange(
  tx: SqlRunner,
  kind: RegistryChange['kind'],
  refId: string,
  body: object,
  now: Date,
  orgId: string | null = null,
): Promise<number> {
  const next = Number((await tx.get<{ n: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM changes'))?.n ?? 1);
  await tx.run('INSERT INTO changes (seq, kind, ref_id, body, created_at, org_id) VALUES (?, ?, ?, ?, ?, ?)', [
    next,
    kind,
    refId,
    JSON.stringify(body),
    now.toISOString(),
    orgId,
  ]);
  return next;
}

/** The feed as one organisation sees it: its own licences and their revocations, and what concerns everyone. */
export async function listChanges(
  store: RegistryStore,
  orgId: string,
  cursor: number,
  limit: number,
): Promise<{ changes: RegistryChange[]; cursor: number }> {
  const rows = await store.all<{ seq: number; kind: RegistryChange['kind']; body: string }>(
    'SELECT seq, kind, body FROM changes WHERE seq > ? AND (org_id IS NULL OR org_id = ?) ORDER BY seq LIMIT ?',
    [cursor, orgId, limit],
  );
  const changes = rows.map((r) => ({
    seq: Number(r.seq),
    kind: r.kind,
    body: JSON.parse(r.body) as Record<string, unknown>,
  }));
  return { changes, cursor: changes.at(-1)?.seq ?? cursor };
}

/** The newest change this organisation can see (0 when none): the lease commits to it. */
export async function feedHeadFor(db: SqlRunner, orgId: string): Promise<number> {
  const row = await db.get<{ head: number }>(
    'SELECT COALESCE(MAX(seq), 0) AS head FROM changes WHERE org_id IS NULL OR org_id = ?',
    [orgId],
  );
  return Number(row?.head ?? 0);
}
