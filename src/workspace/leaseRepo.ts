import type { Db } from '../storage/index.ts';

/** The offline lease: when this workstation last checked in with the registry. */
export function createLeaseRepo(deps: { db: Db }) {
  const { db } = deps;
  const read = (key: string): string | null => (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  return {
    lastCheckInAt: (): string | null => read('lease.lastCheckInAt'),
    recordCheckIn(at: Date): void {
      db.prepare("INSERT INTO settings (key, value) VALUES ('lease.lastCheckInAt', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(at.toISOString());
    },
  };
}
export type LeaseRepo = ReturnType<typeof createLeaseRepo>;
