import { StudioError } from '../errors/index.ts';
import type { TrustStore } from '../trust/index.ts';
import type { PackManifest } from '../twins/index.ts';
import { parseWith } from '../validation.ts';
import {
  licenceSchema,
  revocationSchema,
  withdrawalSchema,
  type Licence,
  type Revocation,
  type Withdrawal,
} from './licence.schema.ts';
import { checkRegistrySignature } from './signedRecord.ts';
import { territoriesCover } from './territories.ts';

/**
 * What import checks: the shape, the registry's signature, that the licence is for this pack's twin and
 * consent, and that it never widens the consent. The policy gate checks dates, revocations and quota at use time.
 */
export function verifyLicence(
  raw: unknown,
  manifest: PackManifest,
  trust: TrustStore,
  workstation: { orgId: string | null } = { orgId: null },
): Licence {
  const licence = parseWith(licenceSchema, raw, 'LICENCE_INVALID', 'The licence');
  const what = `Licence ${licence.licenceId}`;
  checkRegistrySignature(licence, trust, 'LICENCE', what);
  if (licence.twinId !== manifest.twinId) {
    throw new StudioError('LICENCE_WRONG_TWIN', `${what} is for twin ${licence.twinId}, not ${manifest.twinId}`, {
      licenceId: licence.licenceId,
      twinId: manifest.twinId,
      licenceTwinId: licence.twinId,
    });
  }
  if (licence.consentId !== manifest.consent.consentId) {
    throw new StudioError(
      'LICENCE_WRONG_CONSENT',
      `${what} rests on consent ${licence.consentId}, but twin ${manifest.twinId} carries consent ${manifest.consent.consentId}`,
      {
        licenceId: licence.licenceId,
        consentId: manifest.consent.consentId,
      },
    );
  }
  const wrongOrg = licenceOrgProblem(licence, workstation.orgId);
  if (wrongOrg) throw new StudioError('LICENCE_WRONG_ORG', wrongOrg.message, wrongOrg.facts);
  checkWithinConsent(licence, manifest);
  return licence;
}

/**
 * A licence is for one organisation: a workstation enrolled for another must not use it (null: not enrolled yet,
 * nothing to compare). Shared by import and the policy gate so both say the same.
 */
export function licenceOrgProblem(
  licence: Licence,
  orgId: string | null,
): { message: string; facts: Record<string, unknown> } | null {
  if (orgId === null || licence.licensee.orgId === orgId) return null;
  return {
    message: `Licence ${licence.licenceId} is for ${licence.licensee.name} (org ${licence.licensee.orgId}); this workstation is enrolled for org ${orgId}, so it cannot use it`,
    facts: { licenceId: licence.licenceId, licenseeOrgId: licence.licensee.orgId, orgId },
  };
}

function widens(licence: Licence, field: string, licenceValue: unknown, consentValue: unknown, why: string): never {
  throw new StudioError(
    'LICENCE_WIDENS_CONSENT',
    `Licence ${licence.licenceId} grants ${field} ${JSON.stringify(licenceValue)} but ${why} (consent: ${JSON.stringify(consentValue)})`,
    {
      licenceId: licence.licenceId,
      field,
      licenceValue,
      consentValue,
    },
  );
}

function checkWithinConsent(licence: Licence, manifest: PackManifest): void {
  const { consent } = manifest;
  const { scope } = consent;
  for (const channel of licence.channels) {
    if (!scope.channels.includes(channel))
      widens(licence, 'channel', channel, scope.channels, 'the consent does not cover that channel');
  }
  for (const territory of licence.territories) {
    // A licence territory must be covered in full: "EU" needs "EU" or "WORLDWIDE" in the consent, not only some members.
    if (!territoriesCover(scope.territories, territory))
      widens(licence, 'territory', territory, scope.territories, 'the consent does not cover that territory');
  }
  if (Date.parse(licence.validFrom) < Date.parse(consent.validFrom))
    widens(licence, 'validFrom', licence.validFrom, consent.validFrom, 'it starts before the consent');
  if (Date.parse(licence.validUntil) > Date.parse(consent.validUntil))
    widens(licence, 'validUntil', licence.validUntil, consent.validUntil, 'it ends after the consent');
  if (scope.advertisers.length > 0 && !scope.advertisers.includes(licence.licensee.orgId)) {
    widens(licence, 'licensee', licence.licensee.orgId, scope.advertisers, 'the consent names other advertisers');
  }
  for (const line of licence.licensee.productLines) {
    if (!scope.productLines.includes(line))
      widens(licence, 'product line', line, scope.productLines, 'the consent does not cover that product line');
  }
  for (const category of licence.garmentCategories ?? []) {
    if ((consent.prohibited.categories as string[]).includes(category)) {
      widens(licence, 'garment category', category, consent.prohibited.categories, 'the consent prohibits it');
    }
  }
  if (licence.fee.currency !== consent.compensation.currency) {
    widens(
      licence,
      'fee currency',
      licence.fee.currency,
      consent.compensation.currency,
      'the consent is paid in another currency',
    );
  }
  if (licence.fee.perImage < consent.compensation.perImage) {
    widens(
      licence,
      'fee per image',
      licence.fee.perImage,
      consent.compensation.perImage,
      'it pays less than the consent requires',
    );
  }
}

export function verifyRevocation(raw: unknown, trust: TrustStore): Revocation {
  const revocation = parseWith(revocationSchema, raw, 'REVOCATION_INVALID', 'The revocation');
  checkRegistrySignature(revocation, trust, 'REVOCATION', `Revocation ${revocation.revocationId}`);
  return revocation;
}

export function verifyWithdrawal(raw: unknown, trust: TrustStore): Withdrawal {
  const withdrawal = parseWith(withdrawalSchema, raw, 'WITHDRAWAL_INVALID', 'The consent withdrawal');
  checkRegistrySignature(withdrawal, trust, 'WITHDRAWAL', `Consent withdrawal ${withdrawal.withdrawalId}`);
  return withdrawal;
}
