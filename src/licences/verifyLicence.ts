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

/** Where a licence grants more than its consent: the field, both values and why (null: it stays inside). */
export interface ConsentWidening {
  field: string;
  licenceValue: unknown;
  consentValue: unknown;
  why: string;
}

/** The message both import and the policy gate give for a licence that widens its consent. */
export function wideningMessage(licence: Licence, w: ConsentWidening): string {
  return (
    `Licence ${licence.licenceId} grants ${w.field} ${JSON.stringify(w.licenceValue)} but ${w.why} ` +
    `(consent: ${JSON.stringify(w.consentValue)})`
  );
}

const w = (field: string, licenceValue: unknown, consentValue: unknown, why: string): ConsentWidening => ({
  field,
  licenceValue,
  consentValue,
  why,
});

function checkWithinConsent(licence: Licence, manifest: PackManifest): void {
  const w = licenceConsentProblem(licence, manifest);
  if (!w) return;
  throw new StudioError('LICENCE_WIDENS_CONSENT', wideningMessage(licence, w), {
    licenceId: licence.licenceId,
    ...w,
  });
}

/**
 * The first thing a licence grants outside its consent: channels, territories, dates, garment categories, then the
 * licensee and the money (licenceTermsProblem). Import refuses such a licence.
 */
function licenceConsentProblem(licence: Licence, manifest: PackManifest): ConsentWidening | null {
  const { consent } = manifest;
  const { scope } = consent;
  const channel = licence.channels.find((c) => !scope.channels.includes(c));
  if (channel) return w('channel', channel, scope.channels, 'the consent does not cover that channel');
  // A licence territory must be covered in full: "EU" needs "EU" or "WORLDWIDE" in the consent, not only some members.
  const territory = licence.territories.find((t) => !territoriesCover(scope.territories, t));
  if (territory) return w('territory', territory, scope.territories, 'the consent does not cover that territory');
  if (Date.parse(licence.validFrom) < Date.parse(consent.validFrom))
    return w('validFrom', licence.validFrom, consent.validFrom, 'it starts before the consent');
  if (Date.parse(licence.validUntil) > Date.parse(consent.validUntil))
    return w('validUntil', licence.validUntil, consent.validUntil, 'it ends after the consent');
  const prohibited = consent.prohibited.categories as string[];
  const category = (licence.garmentCategories ?? []).find((c) => prohibited.includes(c));
  if (category) return w('garment category', category, prohibited, 'the consent prohibits it');
  return licenceTermsProblem(licence, manifest);
}

/**
 * Whom the licence is for and what it pays, against the consent: the licensee must be an advertiser the consent
 * names (none named: any), its product lines inside the consent's, its fee in the consent's currency and never below
 * the compensation per image. The policy gate checks these again at use time (channel, territory, dates and
 * categories it checks on the use itself).
 */
export function licenceTermsProblem(licence: Licence, manifest: PackManifest): ConsentWidening | null {
  const { scope, compensation } = manifest.consent;
  if (scope.advertisers.length > 0 && !scope.advertisers.includes(licence.licensee.orgId))
    return w('licensee', licence.licensee.orgId, scope.advertisers, 'the consent names other advertisers');
  const line = licence.licensee.productLines.find((l) => !scope.productLines.includes(l));
  if (line) return w('product line', line, scope.productLines, 'the consent does not cover that product line');
  if (licence.fee.currency !== compensation.currency)
    return w('fee currency', licence.fee.currency, compensation.currency, 'the consent is paid in another currency');
  if (licence.fee.perImage < compensation.perImage)
    return w('fee per image', licence.fee.perImage, compensation.perImage, 'it pays less than the consent requires');
  return null;
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
