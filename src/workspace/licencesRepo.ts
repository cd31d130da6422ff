import { StudioError } from '../errors/index.ts';
import {
  licenceSchema,
  revocationSchema,
  verifyLicence,
  verifyRevocation,
  verifyWithdrawal,
  withdrawalSchema,
  type Licence,
  type Revocation,
  type Withdrawal,
} from '../licences/index.ts';
import type { Db } from '../storage/index.ts';
import { parseWith } from '../validation.ts';
import type { TrustRepo } from './trustRepo.ts';
import type { TwinsRepo } from './twinsRepo.ts';

/** Licences, revocations and consent withdrawals, each verified against the pinned registry key on the way in. */
export function createLicencesRepo(deps: {
  db: Db;
  trust: TrustRepo;
  twins: TwinsRepo;
  now: () => Date;
  orgId?: () => string | null;
}) {
  const { db, trust, twins, now } = deps;
  const parseBody = <T>(schema: { parse(v: unknown): T }, rows: { body: string }[]): T[] =>
    rows.map((r) => schema.parse(JSON.parse(r.body)));

  return {
    async import(raw: unknown): Promise<Licence> {
      const { twinId } = parseWith(licenceSchema, raw, 'LICENCE_INVALID', 'The licence');
      if (!twins.has(twinId)) {
        throw new StudioError(
          'TWIN_NOT_FOUND',
          `The licence is for twin ${twinId}, which is not in this workspace; import its pack first`,
          { twinId },
        );
      }
      const pack = await twins.load(twinId);
      const licence = verifyLicence(raw, pack.manifest, trust.store(), { orgId: deps.orgId?.() ?? null });
      db.prepare(
        `INSERT INTO licences (licence_id, twin_id, body, imported_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(licence_id) DO UPDATE SET body = excluded.body`,
      ).run(licence.licenceId, licence.twinId, JSON.stringify(licence), now().toISOString());
      return licence;
    },

    get(licenceId: string): Licence {
      const row = db.prepare('SELECT body FROM licences WHERE licence_id = ?').get(licenceId) as
        { body: string } | undefined;
      if (!row)
        throw new StudioError('LICENCE_NOT_FOUND', `Licence ${licenceId} is not in this workspace; import it first`, {
          licenceId,
        });
      return licenceSchema.parse(JSON.parse(row.body));
    },

    importedAt(licenceId: string): string | undefined {
      return (
        db.prepare('SELECT imported_at AS at FROM licences WHERE licence_id = ?').get(licenceId) as
          { at: string } | undefined
      )?.at;
    },

    list(twinId?: string): Licence[] {
      const rows = (
        twinId
          ? db.prepare('SELECT body FROM licences WHERE twin_id = ? ORDER BY licence_id').all(twinId)
          : db.prepare('SELECT body FROM licences ORDER BY licence_id').all()
      ) as { body: string }[];
      return parseBody(licenceSchema, rows);
    },

    addRevocation(raw: unknown): Revocation {
      const revocation = verifyRevocation(raw, trust.store());
      db.prepare(
        'INSERT OR IGNORE INTO revocations (revocation_id, licence_id, body, received_at) VALUES (?, ?, ?, ?)',
      ).run(revocation.revocationId, revocation.licenceId, JSON.stringify(revocation), now().toISOString());
      return revocation;
    },

    revocations(licenceId?: string): Revocation[] {
      const rows = (
        licenceId
          ? db.prepare('SELECT body FROM revocations WHERE licence_id = ?').all(licenceId)
          : db.prepare('SELECT body FROM revocations').all()
      ) as { body: string }[];
      return parseBody(revocationSchema, rows);
    },

    addWithdrawal(raw: unknown): Withdrawal {
      const withdrawal = verifyWithdrawal(raw, trust.store());
      db.prepare(
        'INSERT OR IGNORE INTO withdrawals (withdrawal_id, twin_id, body, received_at) VALUES (?, ?, ?, ?)',
      ).run(withdrawal.withdrawalId, withdrawal.twinId, JSON.stringify(withdrawal), now().toISOString());
      return withdrawal;
    },

    withdrawals(twinId?: string): Withdrawal[] {
      const rows = (
        twinId
          ? db.prepare('SELECT body FROM withdrawals WHERE twin_id = ?').all(twinId)
          : db.prepare('SELECT body FROM withdrawals').all()
      ) as { body: string }[];
      return parseBody(withdrawalSchema, rows);
    },
  };
}
export type LicencesRepo = ReturnType<typeof createLicencesRepo>;
