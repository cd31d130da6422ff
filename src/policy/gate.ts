import { StudioError } from '../errors/index.ts';
import { checkRegistrySignature, territoriesCover, type Licence, type Revocation, type Withdrawal } from '../licences/index.ts';
import type { TrustStore } from '../trust/index.ts';
import type { PackManifest } from '../twins/index.ts';

export interface IntendedUse {
  channel: string;
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
  code: string;
  rule: string;
  message: string;
  facts: Record<string, unknown>;
}

export type PolicyDecision = PolicyAllowed | PolicyRefusal;

/** What the gate needs of a ledger check (a ChainCheck fits). */
export type LedgerVerdict = { ok: true } | { ok: false; firstBadSeq: number; problem: string; message: string };

type Rule = (input: PolicyInput, manifest: PackManifest) => PolicyRefusal | null;

const HOUR = 3_600_000;

function refuse(code: string, rule: string, message: string, facts: Record<string, unknown>): PolicyRefusal {
  return { allowed: false, code, rule, message, facts };
}

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
  ({ now }, m) => {
    const { validFrom, validUntil, consentId } = m.consent;
    if (now.getTime() < Date.parse(validFrom)) {
      return refuse('CONSENT_NOT_YET_VALID', 'consent in force', `Consent ${consentId} of ${m.displayName} starts on ${validFrom}`, { consentId, validFrom, now: now.toISOString() });
    }
    if (now.getTime() >= Date.parse(validUntil)) {
      return refuse('CONSENT_EXPIRED', 'consent in force', `Consent ${consentId} of ${m.displayName} ended on ${validUntil}`, { consentId, validUntil, now: now.toISOString() });
    }
    return null;
  },
  ({ withdrawals, now }, m) => {
    const w = withdrawals.find((x) => x.twinId === m.twinId && x.consentId === m.consent.consentId && Date.parse(x.withdrawnAt) <= now.getTime());
    if (!w) return null;
    return refuse('CONSENT_WITHDRAWN', 'consent not withdrawn', `${m.displayName} withdrew consent ${w.consentId} on ${w.withdrawnAt}: ${w.reason}`, {
      consentId: w.consentId,
      withdrawnAt: w.withdrawnAt,
      reason: w.reason,
    });
  },
  ({ licence, trust }, m) => {
    if (licence.twinId !== m.twinId || licence.consentId !== m.consent.consentId) {
      return refuse('LICENCE_WRONG_TWIN', 'licence for this twin', `Licence ${licence.licenceId} is for twin ${licence.twinId} / consent ${licence.consentId}, not ${m.twinId} / ${m.consent.consentId}`, {
        licenceId: licence.licenceId,
        twinId: m.twinId,
      });
    }
    try {
      checkRegistrySignature(licence, trust, 'LICENCE', `Licence ${licence.licenceId}`);
    } catch (error) {
      const e = error as StudioError;
      return refuse(e.code, 'licence signed by the registry', e.message, { licenceId: licence.licenceId, ...e.details });
    }
    return null;
  },
  ({ licence, now }) => {
    if (now.getTime() < Date.parse(licence.validFrom)) {
      return refuse('LICENCE_NOT_YET_VALID', 'licence in force', `Licence ${licence.licenceId} starts on ${licence.validFrom}`, { licenceId: licence.licenceId, validFrom: licence.validFrom, now: now.toISOString() });
    }
    if (now.getTime() >= Date.parse(licence.validUntil)) {
      return refuse('LICENCE_EXPIRED', 'licence in force', `Licence ${licence.licenceId} expired on ${licence.validUntil}`, { licenceId: licence.licenceId, validUntil: licence.validUntil, now: now.toISOString() });
    }
    return null;
  },
  ({ licence, revocations, now }) => {
    const r = revocations.find((x) => x.licenceId === licence.licenceId && Date.parse(x.revokedAt) <= now.getTime());
    if (!r) return null;
    return refuse('LICENCE_REVOKED', 'licence not revoked', `Licence ${licence.licenceId} was revoked on ${r.revokedAt}: ${r.reason}`, {
      licenceId: licence.licenceId,
      revokedAt: r.revokedAt,
      reason: r.reason,
    });
  },
  ({ licence, use }, m) => {
    const inLicence = (licence.channels as string[]).includes(use.channel);
    const inConsent = (m.consent.scope.channels as string[]).includes(use.channel);
    if (inLicence && inConsent) return null;
    return refuse('CHANNEL_NOT_LICENSED', 'channel licensed', `Channel ${use.channel} is not covered: licence ${licence.licenceId} allows ${licence.channels.join(', ')}`, {
      licenceId: licence.licenceId,
      channel: use.channel,
      licensed: licence.channels,
      consented: m.consent.scope.channels,
    });
  },
  ({ licence, use }, m) => {
    if (territoriesCover(licence.territories, use.territory) && territoriesCover(m.consent.scope.territories, use.territory)) return null;
    return refuse('TERRITORY_NOT_LICENSED', 'territory licensed', `Territory ${use.territory} is not covered: licence ${licence.licenceId} allows ${licence.territories.join(', ')}`, {
      licenceId: licence.licenceId,
      territory: use.territory,
      licensed: licence.territories,
      consented: m.consent.scope.territories,
    });
  },
  ({ licence, use }, m) => {
    const prohibited = m.consent.prohibited.categories as string[];
    const banned = use.garmentCategories.find((c) => prohibited.includes(c));
    if (banned) {
      return refuse('CATEGORY_EXCLUDED', 'garment category allowed', `${m.displayName}'s consent excludes ${banned}`, { category: banned, prohibited, source: 'consent' });
    }
    const allowed = licence.garmentCategories as string[] | undefined;
    const outside = allowed && use.garmentCategories.find((c) => !allowed.includes(c));
    if (outside) {
      return refuse('CATEGORY_EXCLUDED', 'garment category allowed', `Licence ${licence.licenceId} covers ${allowed.join(', ')}, not ${outside}`, {
        category: outside,
        licensed: allowed,
        source: 'licence',
      });
    }
    return null;
  },
  ledgerVerified,
  ({ licence, imagesUsed, use }) => {
    const wanted = use.images ?? 1;
    if (imagesUsed + wanted <= licence.maxImages) return null;
    return refuse('QUOTA_EXHAUSTED', 'quota left', `Licence ${licence.licenceId} allows ${licence.maxImages} images; ${imagesUsed} are used and ${wanted} more were asked for`, {
      licenceId: licence.licenceId,
      maxImages: licence.maxImages,
      imagesUsed,
      requested: wanted,
    });
  },
  ({ licence, lease, now }) => {
    const anchor = lease.lastCheckInAt ?? lease.graceStartedAt;
    const deadline = Date.parse(anchor) + licence.leaseHours * HOUR;
    if (now.getTime() < deadline) return null;
    const since = lease.lastCheckInAt ? `the last registry check-in on ${anchor}` : `the offline grace period began on ${anchor} and the workstation never checked in`;
    return refuse('LEASE_EXPIRED', 'workstation checked in', `Licence ${licence.licenceId} needs a check-in with the registry every ${licence.leaseHours} h; ${since}`, {
      licenceId: licence.licenceId,
      leaseHours: licence.leaseHours,
      lastCheckInAt: lease.lastCheckInAt,
      graceStartedAt: lease.graceStartedAt,
      deadline: new Date(deadline).toISOString(),
    });
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
