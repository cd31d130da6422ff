import { toStudioError } from '../errors/index.ts';
import { checkPolicy, type LedgerVerdict, type PolicyDecision } from '../policy/index.ts';
import type { Shot } from '../shots/index.ts';
import type { Workspace } from './workspace.ts';

/** The ledger as the gate asks it: is it intact, and how many images has a licence used so far, synced or not. */
export interface UsageCounter {
  imagesUsed(licenceId: string): number;
  /** The incremental verification (milliseconds): a ledger that fails it blocks renders and exports. */
  checkIntegrity(): LedgerVerdict;
  /** Proofs recorded against a licence on the UTC day of `day` (needed only to judge a proof). */
  proofsOn?(licenceId: string, day: Date): number;
}

/**
 * Gathers everything the policy gate needs for one shot from the workspace and asks it. Loading problems
 * (missing licence, unknown garment) surface as refusals too, so callers have one path for "no".
 */
export async function evaluateShotPolicy(
  ws: Workspace,
  shot: Shot,
  usage: UsageCounter,
  options: { images?: number; now?: Date; proof?: boolean } = {},
): Promise<PolicyDecision> {
  const now = options.now ?? ws.now();
  try {
    const packCheck = await ws.twins.check(shot.twin.twinId);
    const licence = ws.licences.get(shot.twin.licenceId);
    const garmentCategories = shot.garments
      .filter((g) => !g.hidden)
      .map((g) => ws.catalog.garment(g.garmentId).item.category);
    return checkPolicy({
      pack: packCheck.ok ? { ok: true, manifest: packCheck.manifest } : packCheck,
      licence,
      trust: ws.trust.store(),
      orgId: ws.orgId(),
      signedTime: ws.lease.latestSignedTime(),
      revocations: ws.licences.revocations(licence.licenceId),
      withdrawals: ws.licences.withdrawals(shot.twin.twinId),
      use: {
        channel: shot.use.channel,
        territory: shot.use.territory,
        garmentCategories,
        // A proof takes no image of the quota; its own terms (per day) decide instead.
        images: options.proof ? 0 : (options.images ?? 1),
      },
      ...(options.proof ? { proof: { usedToday: usage.proofsOn?.(licence.licenceId, now) ?? 0 } } : {}),
      now,
      imagesUsed: usage.imagesUsed(licence.licenceId),
      ledger: usage.checkIntegrity(),
      lease: {
        lastCheckInAt: ws.lease.lastCheckInAt(),
        graceStartedAt: ws.licences.importedAt(licence.licenceId) ?? now.toISOString(),
      },
      look: shot.look,
    });
  } catch (error) {
    const e = toStudioError(error);
    return { allowed: false, code: e.code, rule: 'shot resolvable', message: e.message, facts: e.details };
  }
}
