import { StudioError, type ErrorCode } from '../errors/index.ts';
import {
  checkRegistrySignature,
  licenceOrgProblem,
  licenceTermsProblem,
  proofTermsOf,
  territoriesCover,
  wideningMessage,
  type Licence,
  type Revocation,
  type Withdrawal,
} from '../licences/index.ts';
import type { TrustStore } from '../trust/index.ts';
import type { Channel, PackManifest } from '../twins/index.ts';
import { consentCoversPurpose, PURPOSE_OF_CHANNEL, type Purpose } from './purposes.ts';

export interface IntendedUse {
  channel: string;
  /** What the images are for; absent: the channel's purpose (PURPOSE_OF_CHANNEL). */
  purpose?: Purpose;
  territory: string;
  garmentCategories: readonly string[];
  /** How many images this use would produce (a render: 1). */
  images?: number;
}

export interface PolicyInput {
  /** The outcome of verifyPack: a pack that failed verification is refused before anything else. */
  pack: { ok: true; manifest: PackManifest } | { ok: false; error: StudioError };
  licence: Licence;
  trust: TrustStore;
  /** The organisation this workstation is enrolled for (null before enrolment): the licensee must be it. */
  orgId?: string | null;
  /** The latest time the registry signed (the last verified lease): a clock behind it decides nothing. */
  signedTime?: string | null;
  revocations: readonly Revocation[];
  withdrawals: readonly Withdrawal[];
  use: IntendedUse;
  now: Date;
  /** Images already recorded against this licence, synced or not, read from the signed records. */
  imagesUsed: number;
  /** The ledger's incremental verification (Ledger.checkIntegrity): quota and fees are only as good as the ledger. */
  ledger: LedgerVerdict;
  /** Offline lease: the last successful registry check-in, or the start of the grace period before the first. */
  lease: { lastCheckInAt: string | null; graceStartedAt: string };
  /** The shot's look settings that could alter the twin (absent: none that could). */
  look?: { relightTwin?: boolean };
  /**
   * Set when the use is a proof: how many proofs the licence has recorded today (UTC). A proof takes no image
   * (use.images 0) and is judged by the licence's proof terms instead; every consent and licence rule still applies.
   */
  proof?: { usedToday: number };
}

export interface PolicyAllowed {
  allowed: true;
  twinId: string;
  licenceId: string;
  consentId: string;
  imagesLeft: number;
  fee: { perImage: number; currency: string };
}

export interface PolicyRefusal {
  allowed: false;
  code: ErrorCode;
  rule: string;
  message: string;
  facts: Record<string, unknown>;
}

export type PolicyDecision = PolicyAllowed | PolicyRefusal;

/** What the gate needs of a ledger check (a ChainCheck fits). */
export type LedgerVerdict = { ok: true } | { ok: false; firstBadSeq: number; problem: string; message: string };

type Rule = (input: PolicyInput, manifest: PackManifest) => PolicyRefusal | null;

const HOUR = 3_600_000;
/** How far behind the registry's signed time the local clock may be (ordinary drift, the registry's own skew window). */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

function refuse(code: ErrorCode, rule: string, message: string, facts: Record<string, unknown>): PolicyRefusal {
  return { allowed: false, code, rule, message, facts };
}

/**
 * A look may not alter what the consent protects: light matching reaches the twin's skin only on request
 * (`relightTwin`), and never where the consent prohibits skin-tone alteration.
 */
export const lookWithinConsent: Rule = ({ look }, m) => {
  const prohibited = m.consent.prohibited.alterations as string[];
  if (!look?.relightTwin || !prohibited.includes('skin_tone')) return null;
  const message =
    `${m.displayName}'s consent prohibits skin-tone alteration, but the look relights the twin (relightTwin); ` +
    'turn relightTwin off: light matching then reaches the garments only';
  return refuse('ALTERATION_PROHIBITED', 'look within consent', message, {
    setting: 'look.relightTwin',
    alteration: 'skin_tone',
    prohibited,
  });
};

/**
 * The use serves a purpose the consent names: the shot's purpose, or the one its channel implies. The consent's
 * purposes are free text; they are read against the studio's purposes and the words agencies use for them.
 */
export const purposeWithinConsent: Rule = ({ use }, m) => {
  const purpose = use.purpose ?? PURPOSE_OF_CHANNEL[use.channel as Channel];
  const consented = m.consent.scope.purposes;
  if (purpose && consentCoversPurpose(consented, purpose)) return null;
  const implied = use.purpose ? '' : ` (what channel ${use.channel} is used for)`;
  const message =
    `This use is for ${purpose ?? 'an unknown purpose'}${implied}, but consent ${m.consent.consentId} of ` +
    `${m.displayName} allows only ${consented.join(', ')}; choose a channel whose purpose the consent names`;
  return refuse('PURPOSE_NOT_CONSENTED', 'purpose within consent', message, {
    consentId: m.consent.consentId,
    channel: use.channel,
    purpose: purpose ?? null,
    consented,
    source: 'consent',
  });
};

/**
 * The licence's licensee and fee stay inside the consent (advertisers, product lines, compensation), as import
 * checked: checked again here for a licence stored before a check existed or kept beside a narrower pack.
 */
export const licenceWithinConsent: Rule = ({ licence }, m) => {
  const widening = licenceTermsProblem(licence, m);
  if (!widening) return null;
  return refuse('LICENCE_WIDENS_CONSENT', 'licence within consent', wideningMessage(licence, widening), {
    licenceId: licence.licenceId,
    consentId: m.consent.consentId,
    ...widening,
  });
};

/**
 * A withdrawal the registry relays is honoured even where the consent says it is not revocable: the studio cannot
 * judge the contract, and rendering a person against their stated wish is the worse mistake. The refusal says so,
 * so the dispute goes to the agency and the registry, not to the workstation.
 */
export const consentNotWithdrawn: Rule = ({ withdrawals, now }, m) => {
  const { consentId, revocable } = m.consent;
  const w = withdrawals.find(
    (x) => x.twinId === m.twinId && x.consentId === consentId && Date.parse(x.withdrawnAt) <= now.getTime(),
  );
  if (!w) return null;
  const contested = revocable
    ? ''
    : '. The consent is marked not revocable, but a withdrawal the registry signed is honoured: settle it with the ' +
      'agency and the registry, which can issue a new consent';
  return refuse(
    'CONSENT_WITHDRAWN',
    'consent not withdrawn',
    `${m.displayName} withdrew consent ${w.consentId} on ${w.withdrawnAt}: ${w.reason}${contested}`,
    { consentId: w.consentId, withdrawnAt: w.withdrawnAt, reason: w.reason, revocable },
  );
};

/** The quota and the fees are read from the signed ledger; one that fails verification can vouch for neither. */
const ledgerVerified: Rule = ({ ledger }) => {
  if (ledger.ok) return null;
  const where = ledger.firstBadSeq > 0 ? ` at seq ${ledger.firstBadSeq}` : '';
  return refuse(
    'LEDGER_TAMPERED',
    'ledger verified',
    `The usage ledger fails verification${where}: ${ledger.message}. Renders and exports stay blocked until it ` +
      "verifies: run 'twin-studio ledger verify' for the details, then restore the workspace from a backup or contact " +
      'the registry',
    { firstBadSeq: ledger.firstBadSeq, problem: ledger.problem },
  );
};

/** Dates print as the instant the record holds, so the user sees the same string the agency wrote. */
const RULES: Rule[] = [
  ({ now, signedTime }) => {
    if (!signedTime || now.getTime() >= Date.parse(signedTime) - CLOCK_TOLERANCE_MS) return null;
    return refuse(
      'CLOCK_BEHIND',
      'clock not behind the registry',
      `This computer's clock says ${now.toISOString()}, but the registry signed ${signedTime} at the last check-in: the clock is behind. Set the date and time correctly (automatic time), then try again`,
      { now: now.toISOString(), signedTime },
    );
  },
  ({ now }, m) => {
    const { validFrom, validUntil, consentId } = m.consent;
    if (now.getTime() < Date.parse(validFrom)) {
      return refuse(
        'CONSENT_NOT_YET_VALID',
        'consent in force',
        `Consent ${consentId} of ${m.displayName} starts on ${validFrom}`,
        { consentId, validFrom, now: now.toISOString() },
      );
    }
    if (now.getTime() >= Date.parse(validUntil)) {
      return refuse(
        'CONSENT_EXPIRED',
        'consent in force',
        `Consent ${consentId} of ${m.displayName} ended on ${validUntil}`,
        { consentId, validUntil, now: now.toISOString() },
      );
    }
    return null;
  },
  consentNotWithdrawn,
  ({ licence, trust }, m) => {
    if (licence.twinId !== m.twinId || licence.consentId !== m.consent.consentId) {
      return refuse(
        'LICENCE_WRONG_TWIN',
        'licence for this twin',
        `Licence ${licence.licenceId} is for twin ${licence.twinId} / consent ${licence.consentId}, not ${m.twinId} / ${m.consent.consentId}`,
        {
          licenceId: licence.licenceId,
          twinId: m.twinId,
        },
      );
    }
    try {
      checkRegistrySignature(licence, trust, 'LICENCE', `Licence ${licence.licenceId}`);
    } catch (error) {
      const e = error as StudioError;
      return refuse(e.code, 'licence signed by the registry', e.message, {
        licenceId: licence.licenceId,
        ...e.details,
      });
    }
    return null;
  },
  ({ licence, orgId }) => {
    const problem = licenceOrgProblem(licence, orgId ?? null);
    return problem
      ? refuse('LICENCE_WRONG_ORG', 'licence for this organisation', problem.message, problem.facts)
      : null;
  },
  ({ licence, now }) => {
    if (now.getTime() < Date.parse(licence.validFrom)) {
      return refuse(
        'LICENCE_NOT_YET_VALID',
        'licence in force',
        `Licence ${licence.licenceId} starts on ${licence.validFrom}`,
        { licenceId: licence.licenceId, validFrom: licence.validFrom, now: now.toISOString() },
      );
    }
    if (now.getTime() >= Date.parse(licence.validUntil)) {
      return refuse(
        'LICENCE_EXPIRED',
        'licence in force',
        `Licence ${licence.licenceId} expired on ${licence.validUntil}`,
        { licenceId: licence.licenceId, validUntil: licence.validUntil, now: now.toISOString() },
      );
    }
    return null;
  },
  ({ licence, revocations, now }) => {
    const r = revocations.find((x) => x.licenceId === licence.licenceId && Date.parse(x.revokedAt) <= now.getTime());
    if (!r) return null;
    return refuse(
      'LICENCE_REVOKED',
      'licence not revoked',
      `Licence ${licence.licenceId} was revoked on ${r.revokedAt}: ${r.reason}`,
      {
        licenceId: licence.licenceId,
        revokedAt: r.revokedAt,
        reason: r.reason,
      },
    );
  },
  ({ licence, use }, m) => {
    const inLicence = (licence.channels as string[]).includes(use.channel);
    const inConsent = (m.consent.scope.channels as string[]).includes(use.channel);
    if (inLicence && inConsent) return null;
    // Name the document that says no: the licence, or the consent under it.
    const why = inLicence
      ? `consent ${m.consent.consentId} of ${m.displayName} allows ${m.consent.scope.channels.join(', ')}`
      : `licence ${licence.licenceId} allows ${licence.channels.join(', ')}`;
    return refuse('CHANNEL_NOT_LICENSED', 'channel licensed', `Channel ${use.channel} is not covered: ${why}`, {
      licenceId: licence.licenceId,
      channel: use.channel,
      licensed: licence.channels,
      consented: m.consent.scope.channels,
      source: inLicence ? 'consent' : 'licence',
    });
  },
  ({ licence, use }, m) => {
    const inLicence = territoriesCover(licence.territories, use.territory);
    if (inLicence && territoriesCover(m.consent.scope.territories, use.territory)) return null;
    const why = inLicence
      ? `consent ${m.consent.consentId} of ${m.displayName} allows ${m.consent.scope.territories.join(', ')}`
      : `licence ${licence.licenceId} allows ${licence.territories.join(', ')}`;
    return refuse('TERRITORY_NOT_LICENSED', 'territory licensed', `Territory ${use.territory} is not covered: ${why}`, {
      licenceId: licence.licenceId,
      territory: use.territory,
      licensed: licence.territories,
      consented: m.consent.scope.territories,
      source: inLicence ? 'consent' : 'licence',
    });
  },
  ({ licence, use }, m) => {
    const prohibited = m.consent.prohibited.categories as string[];
    const banned = use.garmentCategories.find((c) => prohibited.includes(c));
    if (banned) {
      return refuse('CATEGORY_EXCLUDED', 'garment category allowed', `${m.displayName}'s consent excludes ${banned}`, {
        category: banned,
        prohibited,
        source: 'consent',
      });
    }
    const allowed = licence.garmentCategories as string[] | undefined;
    const outside = allowed && use.garmentCategories.find((c) => !allowed.includes(c));
    if (outside) {
      return refuse(
        'CATEGORY_EXCLUDED',
        'garment category allowed',
        `Licence ${licence.licenceId} covers ${allowed.join(', ')}, not ${outside}`,
        {
          category: outside,
          licensed: allowed,
          source: 'licence',
        },
      );
    }
    return null;
  },
  purposeWithinConsent,
  licenceWithinConsent,
  ledgerVerified,
  ({ licence, imagesUsed, use }) => {
    const wanted = use.images ?? 1;
    if (imagesUsed + wanted <= licence.maxImages) return null;
    return refuse(
      'QUOTA_EXHAUSTED',
      'quota left',
      `Licence ${licence.licenceId} allows ${licence.maxImages} images; ${imagesUsed} are used and ${wanted} more were asked for`,
      {
        licenceId: licence.licenceId,
        maxImages: licence.maxImages,
        imagesUsed,
        requested: wanted,
      },
    );
  },
  ({ licence, lease, now }) => {
    const anchor = lease.lastCheckInAt ?? lease.graceStartedAt;
    const deadline = Date.parse(anchor) + licence.leaseHours * HOUR;
    if (now.getTime() < deadline) return null;
    const since = lease.lastCheckInAt
      ? `the last registry check-in on ${anchor}`
      : `the offline grace period began on ${anchor} and the workstation never checked in`;
    return refuse(
      'LEASE_EXPIRED',
      'workstation checked in',
      `Licence ${licence.licenceId} needs a check-in with the registry every ${licence.leaseHours} h; ${since}`,
      {
        licenceId: licence.licenceId,
        leaseHours: licence.leaseHours,
        lastCheckInAt: lease.lastCheckInAt,
        graceStartedAt: lease.graceStartedAt,
        deadline: new Date(deadline).toISOString(),
      },
    );
  },
  lookWithinConsent,
  ({ licence, proof }) => {
    if (!proof) return null;
    const terms = proofTermsOf(licence);
    if (proof.usedToday < terms.perDay) return null;
    return refuse(
      'PROOF_LIMIT_REACHED',
      'proofs left today',
      `Licence ${licence.licenceId} allows ${terms.perDay} proofs a day; ${proof.usedToday} were made today (UTC)`,
      { licenceId: licence.licenceId, perDay: terms.perDay, usedToday: proof.usedToday },
    );
  },
];

/**
 * The policy gate: called before every render and every export. Pure: it reads only its input and
 * records nothing. The first rule that fails is the answer, naming the rule and the fact.
 */
export function checkPolicy(input: PolicyInput): PolicyDecision {
  if (!input.pack.ok) {
    const e = input.pack.error;
    return refuse(e.code, 'pack verified', e.message, e.details);
  }
  const manifest = input.pack.manifest;
  for (const rule of RULES) {
    const refusal = rule(input, manifest);
    if (refusal) return refusal;
  }
  const { licence } = input;
  return {
    allowed: true,
    twinId: manifest.twinId,
    licenceId: licence.licenceId,
    consentId: manifest.consent.consentId,
    imagesLeft: licence.maxImages - input.imagesUsed - (input.use.images ?? 1),
    fee: { perImage: licence.fee.perImage, currency: licence.fee.currency },
  };
}

/** A refusal as a throwable error, for callers (render, export, CLI) that stop on it. */
export function refusalError(refusal: PolicyRefusal): StudioError {
  return new StudioError(refusal.code, refusal.message, { rule: refusal.rule, ...refusal.facts });
}
