import type { LicenceStatus, Refusal } from '../contract/index.ts';
import type { Licence } from '../licences/index.ts';
import { checkPolicy } from '../policy/index.ts';
import type { PackManifest } from '../twins/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { toStudioError, type ErrorCode, type StudioError } from '../errors/index.ts';
import { adviceFor, plainDate } from './advice.ts';
import type { UsageCounter } from './services.ts';

export function refusalOf(
  code: ErrorCode,
  rule: string,
  message: string,
  facts: Record<string, unknown>,
  agency?: string,
): Refusal {
  return { code, rule, message, facts, advice: adviceFor(code, facts, agency) };
}

export function refusalFromError(error: unknown, agency?: string): Refusal {
  const e: StudioError = toStudioError(error);
  return refusalOf(e.code, 'shot resolvable', e.message, e.details, agency);
}

/**
 * A licence's status now, asked of the policy gate with the licence's own first channel and territory:
 * "can it be used at all today". A shot's specific use is checked by shots.check.
 */
export function licenceStatus(
  ws: Workspace,
  licence: Licence,
  pack: { ok: true; manifest: PackManifest } | { ok: false; error: StudioError },
  usage: UsageCounter,
): LicenceStatus {
  const imagesUsed = usage.imagesUsed(licence.licenceId);
  const now = ws.now();
  const decision = checkPolicy({
    pack,
    licence,
    trust: ws.trust.store(),
    orgId: ws.orgId(),
    signedTime: ws.lease.latestSignedTime(),
    revocations: ws.licences.revocations(licence.licenceId),
    withdrawals: ws.licences.withdrawals(licence.twinId),
    use: {
      channel: licence.channels[0] ?? 'ecommerce',
      territory: licence.territories[0] ?? 'WORLDWIDE',
      garmentCategories: [],
      images: 1,
    },
    now,
    imagesUsed,
    ledger: usage.checkIntegrity(),
    lease: {
      lastCheckInAt: ws.lease.lastCheckInAt(),
      graceStartedAt: ws.licences.importedAt(licence.licenceId) ?? now.toISOString(),
    },
  });
  const agency = pack.ok ? pack.manifest.owner.agency : undefined;
  const imagesLeft = Math.max(0, licence.maxImages - imagesUsed);
  const refusal = decision.allowed
    ? null
    : refusalOf(decision.code, decision.rule, decision.message, decision.facts, agency);
  const summary = refusal
    ? refusal.advice || refusal.message
    : `Valid until ${plainDate(licence.validUntil)} · ${imagesLeft} of ${licence.maxImages} images left`;
  return {
    licenceId: licence.licenceId,
    twinId: licence.twinId,
    licensee: `${licence.licensee.name} (${licence.licensee.brand})`,
    channels: [...licence.channels],
    territories: [...licence.territories],
    garmentCategories: licence.garmentCategories ? [...licence.garmentCategories] : null,
    validFrom: licence.validFrom,
    validUntil: licence.validUntil,
    maxImages: licence.maxImages,
    imagesUsed,
    imagesLeft,
    usable: refusal === null,
    summary,
    refusal,
  };
}
