import { verifyObject } from '../crypto/index.ts';
import { leaseReceiptSchema, type LeaseReceipt } from '../registry/protocol.ts';
import type { Db } from '../storage/index.ts';
import type { TrustRepo } from './trustRepo.ts';

const RECEIPT_SETTING = 'lease.receipt';

/**
 * The offline lease: the registry's last signed check-in reply, kept whole. Nothing local decides it: a receipt
 * counts only while it verifies against a pinned registry key and names this workstation, so editing the settings
 * table renews nothing. Its `serverTime` is also the latest time the registry vouched for (the clock floor).
 */
export function createLeaseRepo(deps: { db: Db; trust: Pick<TrustRepo, 'registryKeys'>; workstationId: string }) {
  const { db } = deps;
  const verified = (raw: unknown): LeaseReceipt | null => {
    const parsed = leaseReceiptSchema.safeParse(raw);
    if (!parsed.success || parsed.data.workstationId !== deps.workstationId) return null;
    const key = deps.trust.registryKeys().find((k) => k.keyId === parsed.data.registryKeyId);
    return key && verifyObject(parsed.data, key.publicKeyPem) ? parsed.data : null;
  };
  const receipt = (): LeaseReceipt | null => {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(RECEIPT_SETTING) as
      { value: string } | undefined;
    if (!row) return null;
    try {
      return verified(JSON.parse(row.value));
    } catch {
      return null;
    }
  };
  return {
    receipt,
    /** Registry time of the last check-in this workstation can prove, or null. */
    lastCheckInAt: (): string | null => receipt()?.serverTime ?? null,
    /** The latest registry-signed time this workstation holds: its clock must not be behind it. */
    latestSignedTime: (): string | null => receipt()?.serverTime ?? null,
    /** Keeps a check-in reply if it verifies, names this workstation and is newer than the one held. */
    recordLease(lease: LeaseReceipt): boolean {
      const checked = verified(lease);
      if (!checked) return false;
      const held = receipt();
      if (held && Date.parse(held.serverTime) >= Date.parse(checked.serverTime)) return false;
      db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ).run(RECEIPT_SETTING, JSON.stringify(checked));
      return true;
    },
  };
}
export type LeaseRepo = ReturnType<typeof createLeaseRepo>;
