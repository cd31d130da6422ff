import type { ErrorCode } from '../errors/index.ts';

/** Dates in the words a person reads: "1 Oct 2026". UTC, so every workstation says the same day the agency wrote. */
export function plainDate(iso: unknown): string {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return String(iso);
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : String(v));

/**
 * What the user can do about a refusal, keyed by the gate's stable code. The gate states the fact;
 * this says the next step, e.g. "Licence expired on 1 Oct 2026 — ask the agency for a renewal."
 */
export function adviceFor(code: ErrorCode, facts: Record<string, unknown>, agency = 'the agency'): string {
  switch (code) {
    case 'LICENCE_EXPIRED':
      return `The licence expired on ${plainDate(facts.validUntil)} — ask ${agency} for a renewal.`;
    case 'LICENCE_NOT_YET_VALID':
      return `The licence starts on ${plainDate(facts.validFrom)} — wait until then, or ask ${agency} to move the start date.`;
    case 'LICENCE_REVOKED':
      return `The registry revoked this licence on ${plainDate(facts.revokedAt)} (${String(facts.reason)}) — it cannot be used; contact ${agency}.`;
    case 'CONSENT_EXPIRED':
      return `The model's consent ended on ${plainDate(facts.validUntil)} — this twin cannot be used until ${agency} supplies a new consent and pack.`;
    case 'CONSENT_NOT_YET_VALID':
      return `The model's consent starts on ${plainDate(facts.validFrom)} — wait until then.`;
    case 'CONSENT_WITHDRAWN':
      return `The model withdrew consent on ${plainDate(facts.withdrawnAt)} — this twin can no longer be used. Remove it from your shots.`;
    case 'CHANNEL_NOT_LICENSED':
      return facts.source === 'consent'
        ? `The model's consent covers ${list(facts.consented)} only — pick one of those in the shot's Use settings; the licence cannot go beyond the consent.`
        : `Pick a channel the licence covers (${list(facts.licensed)}) in the shot's Use settings, or ask ${agency} to extend the licence.`;
    case 'TERRITORY_NOT_LICENSED':
      return facts.source === 'consent'
        ? `The model's consent covers ${list(facts.consented)} only — pick one of those in the shot's Use settings; the licence cannot go beyond the consent.`
        : `Pick a territory the licence covers (${list(facts.licensed)}) in the shot's Use settings, or ask ${agency} to extend it.`;
    case 'PURPOSE_NOT_CONSENTED':
      return `The model's consent covers ${list(facts.consented)} only — pick a channel for that purpose in the shot's Use settings, or ask ${agency} for a consent that covers ${String(facts.purpose)}.`;
    case 'LICENCE_WRONG_ORG':
      return `This licence belongs to another organisation (${String(facts.licenseeOrgId)}) — ask ${agency} for a licence issued to yours.`;
    case 'CLOCK_BEHIND':
      return "This computer's clock is behind the registry's time — set the date and time automatically, then try again.";
    case 'CATEGORY_EXCLUDED':
      return facts.source === 'consent'
        ? `The model's consent excludes ${String(facts.category)} — hide or remove that garment.`
        : `The licence covers ${list(facts.licensed)} only — hide or remove the ${String(facts.category)} garment, or ask ${agency} to add it.`;
    case 'QUOTA_EXHAUSTED':
      return `All ${String(facts.maxImages)} images of this licence are used — ask ${agency} for more images.`;
    case 'LEASE_EXPIRED':
      return 'This workstation has been offline too long — connect and sync with the registry (Settings → Registry) to continue.';
    case 'LICENCE_NOT_FOUND':
      return 'Import the licence file (*.licence.json) from the agency into the Library.';
    case 'TWIN_NOT_FOUND':
      return 'Import the twin pack into the Library first.';
    case 'GARMENT_NOT_FOUND':
      return 'Import the garment into the catalog, or remove it from the shot.';
    case 'SCENE_NOT_FOUND':
      return 'Import the scene into the catalog, or pick another scene.';
    case 'LICENCE_SIGNER_UNKNOWN':
    case 'PACK_OWNER_UNKNOWN':
      return 'This file comes from a registry or owner this workstation does not trust — enrol with the issuing registry first.';
    case 'LICENCE_TAMPERED':
    case 'PACK_TAMPERED':
    case 'PACK_INVALID':
      return `The file was altered after it was signed — get a fresh copy from ${agency}.`;
    case 'LICENCE_WIDENS_CONSENT':
      return `The licence grants more than the model consented to — ask ${agency} to reissue it within the consent.`;
    case 'SERVICE_UNAVAILABLE':
      return 'This part of the studio is not available in this build yet.';
    default:
      return '';
  }
}
