import type { Db } from '../storage/index.ts';

/** The workspace setting that holds the registry enrolment (written by app/sync's enrolWorkspace). */
export const ENROLMENT_SETTING = 'sync.enrolment';

/**
 * The organisation this workstation is enrolled for, as the registry's signed enrolment reply named it; null
 * before enrolment. Licences whose licensee is another organisation are refused on import and by the gate.
 */
export function createOrgReader(db: Db): () => string | null {
  return () => {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(ENROLMENT_SETTING) as
      { value: string } | undefined;
    if (!row) return null;
    const orgId = (JSON.parse(row.value) as { orgId?: unknown }).orgId;
    return typeof orgId === 'string' ? orgId : null;
  };
}
