import path from 'node:path';
import type { ProofView } from '../contract/index.ts';
import { proofTermsOf } from '../licences/index.ts';
import { refusalError } from '../policy/index.ts';
import type { ProviderName, RenderPool } from '../render/index.ts';
import type { Shot } from '../shots/index.ts';
import { evaluateShotPolicy } from '../workspace/index.ts';
import type { Studio } from './openStudio.ts';
import { createOutputWriter } from './outputWriter.ts';
import type { ProvenanceKit } from './provenanceKit.ts';

/** A proof's long side: screen size (the canvas shows it over the frame). */
export const PROOF_LONG_SIDE = 1024;

/**
 * The shot a proof renders: the output scaled so its long side is at most `longSide` (never enlarged), with the
 * twin's placement scaled by the same factor, so every position derived from it (keypoints, garment fits, shadow,
 * label placement) scales too.
 */
export function screenSizeShot(shot: Shot, longSide = PROOF_LONG_SIDE): Shot {
  const k = Math.min(1, longSide / Math.max(shot.output.width, shot.output.height));
  if (k === 1) return shot;
  const { transform } = shot.twin;
  return {
    ...shot,
    output: {
      width: Math.max(64, Math.round(shot.output.width * k)),
      height: Math.max(64, Math.round(shot.output.height * k)),
    },
    twin: {
      ...shot.twin,
      transform: { ...transform, x: transform.x * k, y: transform.y * k, scale: transform.scale * k },
    },
  };
}

/**
 * Proofs: the stored shot through the gate (as a proof: the licence's proof terms instead of an image of its
 * quota, every consent and licence rule as for a render), the render pool at screen size, and the stamp (proof
 * mark, watermark, XMP, C2PA); recorded in the ledger as kind `proof`. Not queued: a proof is a look, wanted now.
 */
export function createProofs(deps: {
  studio: Studio;
  provenance: ProvenanceKit;
  pool: RenderPool;
  providers: () => ProviderName[];
}) {
  const { studio } = deps;
  const { ws } = studio;
  const writer = createOutputWriter({ studio, provenance: deps.provenance });

  return async function proof({ shotId }: { shotId: string }): Promise<ProofView> {
    const started = performance.now();
    const shot = ws.shots.load(shotId);
    const decision = await evaluateShotPolicy(ws, shot, studio.ledger, { proof: true });
    if (!decision.allowed) throw refusalError(decision);
    const small = screenSizeShot(shot);
    const usageId = studio.commits.reserve();
    try {
      const packReady = ws.twins.load(shot.twin.twinId);
      const rendered = deps.pool.run({ workspaceDir: ws.dir, shot: small, providers: deps.providers() });
      const pack = await packReady;
      const labelPlan = writer.planLabel({ width: small.output.width, height: small.output.height, usageId, pack });
      const result = await rendered;
      const { file, record } = await writer.writeProof(
        {
          rgba: result.rgba,
          width: result.width,
          height: result.height,
          provider: result.provider,
          ...(result.foreground ? { foreground: result.foreground } : {}),
        },
        { shot, pack, decision, models: result.models, usageId, labelPlan },
      );
      const terms = proofTermsOf(ws.licences.get(decision.licenceId));
      return {
        proofId: record.id,
        shotId,
        revision: shot.revision,
        file: path.relative(ws.dir, file).split(path.sep).join('/'),
        width: result.width,
        height: result.height,
        frame: { width: shot.output.width, height: shot.output.height },
        createdAt: record.at,
        proofsLeftToday: Math.max(0, terms.perDay - studio.ledger.proofsOn(decision.licenceId, new Date(record.at))),
        billed: terms.billed,
        ms: Math.round(performance.now() - started),
      };
    } finally {
      // Recorded: the journal row is settled by the commit; abandoned: the reserved id goes back.
      if (!studio.ledger.get(usageId)) studio.commits.settle(usageId);
    }
  };
}
