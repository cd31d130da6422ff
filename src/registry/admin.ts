import type { Clock } from '../clock/index.ts';
import { randomUUID } from 'node:crypto';
import type { KeyPairFile } from '../crypto/index.ts';
import { expectedFor, StudioError } from '../errors/index.ts';
import {
  licenceSchema,
  revocationSchema,
  signAsRegistry,
  withdrawalSchema,
  type Licence,
  type Revocation,
  type Withdrawal,
} from '../licences/index.ts';
import { ownerListSchema, type OwnerList } from '../trust/index.ts';
import { appendChange } from './changes.ts';
import type { RegistryStore } from './store/index.ts';

export type LicenceDraft = Omit<Licence, 'registryKeyId' | 'signature' | 'issuedAt'> & { issuedAt?: string };

/** Signs a licence, stores it and publishes it on the change feed. */
export async function issueLicence(
  store: RegistryStore,
  registryKey: KeyPairFile,
  draft: LicenceDraft,
  now: Clock,
): Promise<Licence> {
  const at = now();
  const licence = licenceSchema.parse(
    signAsRegistry({ ...draft, issuedAt: draft.issuedAt ?? at.toISOString() }, registryKey),
  );
  await store.write(async (tx) => {
    const existing = await tx.get<{ licence_id: string }>('SELECT licence_id FROM licences WHERE licence_id = ?', [
      licence.licenceId,
    ]);
    if (existing)
      throw new StudioError(
        'LICENCE_EXISTS',
        `Licence ${licence.licenceId} is already issued; issue a new id instead of re-using one`,
        { licenceId: licence.licenceId },
      );
    await tx.run('INSERT INTO licences (licence_id, twin_id, body, issued_at) VALUES (?, ?, ?, ?)', [
      licence.licenceId,
      licence.twinId,
      JSON.stringify(licence),
      licence.issuedAt,
    ]);
    await appendChange(tx, 'licence', licence.licenceId, licence, at, licence.licensee.orgId);
  });
  return licence;
}

export async function revokeLicence(
  store: RegistryStore,
  registryKey: KeyPairFile,
  licenceId: string,
  reason: string,
  now: Clock,
): Promise<Revocation> {
  const at = now();
  const revocation = revocationSchema.parse(
    signAsRegistry(
      {
        format: 'revocation/1' as const,
        revocationId: `rev-${randomUUID()}`,
        licenceId,
        revokedAt: at.toISOString(),
        reason,
      },
      registryKey,
    ),
  );
  await store.write(async (tx) => {
    const row = await tx.get<{ revoked_at: string | null; body: string }>(
      'SELECT revoked_at, body FROM licences WHERE licence_id = ?',
      [licenceId],
    );
    if (!row)
      throw new StudioError('LICENCE_UNKNOWN', `Expected a licence issued by this registry; ${licenceId} is unknown`, {
        licenceId,
      });
    if (row.revoked_at)
      throw new StudioError(
        'LICENCE_ALREADY_REVOKED',
        `Licence ${licenceId} was already revoked at ${row.revoked_at}`,
        { licenceId },
      );
    await tx.run('UPDATE licences SET revoked_at = ? WHERE licence_id = ?', [revocation.revokedAt, licenceId]);
    await appendChange(
      tx,
      'revocation',
      licenceId,
      revocation,
      at,
      licenceSchema.parse(JSON.parse(row.body)).licensee.orgId,
    );
  });
  return revocation;
}

export async function relayWithdrawal(
  store: RegistryStore,
  registryKey: KeyPairFile,
  input: { twinId: string; consentId: string; reason: string },
  now: Clock,
): Promise<Withdrawal> {
  const at = now();
  const withdrawal = withdrawalSchema.parse(
    signAsRegistry(
      {
        format: 'consent-withdrawal/1' as const,
        withdrawalId: `wd-${randomUUID()}`,
        withdrawnAt: at.toISOString(),
        ...input,
      },
      registryKey,
    ),
  );
  await store.write((tx) => appendChange(tx, 'withdrawal', input.twinId, withdrawal, at));
  return withdrawal;
}

export async function publishOwnerList(
  store: RegistryStore,
  registryKey: KeyPairFile,
  owners: OwnerList['owners'],
  now: Clock,
): Promise<OwnerList> {
  const at = now();
  const list = ownerListSchema.parse(
    signAsRegistry({ format: 'owners/1' as const, issuedAt: at.toISOString(), owners }, registryKey),
  );
  await store.write((tx) => appendChange(tx, 'owners', 'owners', list, at));
  return list;
}

export interface Statement {
  twinId: string;
  from: string | null;
  to: string | null;
  /** Render records in the period. */
  images: number;
  records: number;
  /**
   * What is owed, one line per currency (amounts in that currency's minor units, never added across currencies).
   * Fees are the registry's own, computed from the licence it signed, whatever the workstation stated.
   */
  byCurrency: { currency: string; images: number; amount: number }[];
}

/** What a twin's owner is owed for a period [from, to), straight from the stored records. */
export async function statement(store: RegistryStore, twinId: string, from?: string, to?: string): Promise<Statement> {
  const iso = (v: string | undefined, name: string): string | null => {
    if (v === undefined) return null;
    const t = Date.parse(v);
    if (Number.isNaN(t))
      throw new StudioError('STATEMENT_PERIOD_INVALID', expectedFor('an ISO date', name, v), { [name]: v });
    return new Date(t).toISOString();
  };
  const f = iso(from, 'from');
  const t = iso(to, 'to');
  const where = `twin_id = ?${f ? ' AND at >= ?' : ''}${t ? ' AND at < ?' : ''}`;
  const params = [twinId, ...(f ? [f] : []), ...(t ? [t] : [])];
  const counts = await store.get<{ images: number; records: number }>(
    `SELECT COALESCE(SUM(CASE WHEN kind = 'render' THEN 1 ELSE 0 END), 0) AS images, COUNT(*) AS records FROM usage_records WHERE ${where}`,
    params,
  );
  const sums = await store.all<{ currency: string; images: number; amount: number }>(
    `SELECT fee_currency AS currency, COALESCE(SUM(CASE WHEN kind = 'render' THEN 1 ELSE 0 END), 0) AS images, SUM(fee_amount) AS amount
     FROM usage_records WHERE ${where} GROUP BY fee_currency ORDER BY fee_currency`,
    params,
  );
  const byCurrency = sums.map((s) => ({ currency: s.currency, images: Number(s.images), amount: Number(s.amount) }));
  return {
    twinId,
    from: f,
    to: t,
    images: Number(counts?.images ?? 0),
    records: Number(counts?.records ?? 0),
    byCurrency,
  };
}
