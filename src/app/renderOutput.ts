import type { CommitStep } from '../ledger/index.ts';
import type { OutputStep } from '../render/index.ts';
import type { Studio } from './openStudio.ts';
import { createOutputWriter } from './outputWriter.ts';
import type { ProvenanceKit } from './provenanceKit.ts';

/**
 * The shot renderer's output step in the product: every render is stamped and recorded. There is no other
 * OutputStep in src/, so no setting or flag can produce an unlabelled file. The usage id is reserved before
 * inference (the watermark carries it; it is owned by this process in the commit journal, so a render that dies
 * leaves a reservation the next start gives back), and the label is laid out while the pixels render.
 */
export function stampedOutputStep(
  studio: Studio,
  provenance: ProvenanceKit,
  options: { afterCommitStep?: (step: CommitStep) => void } = {},
): OutputStep {
  const writer = createOutputWriter({ studio, provenance, ...options });
  return {
    begin(ctx) {
      const usageId = studio.commits.reserve();
      const ready = (async () => {
        const pack = await studio.ws.twins.load(ctx.shot.twin.twinId);
        return {
          pack,
          labelPlan: writer.planLabel({ width: ctx.shot.output.width, height: ctx.shot.output.height, usageId, pack }),
        };
      })();
      // Awaited by write; a render that fails first reports its own error, not this one.
      ready.catch(() => undefined);
      // A render that ends without a record gives its id back at once; one whose record exists keeps its journal row
      // (its file may still need moving into place, which recovery does).
      const abandon = (): void => {
        if (!studio.ledger.get(usageId)) studio.commits.settle(usageId);
      };
      return {
        async write(result) {
          try {
            const { pack, labelPlan } = await ready;
            const entry = await writer.write(
              {
                rgba: result.rgba,
                width: result.width,
                height: result.height,
                provider: result.provider,
                ...(result.foreground ? { foreground: result.foreground } : {}),
              },
              {
                shot: ctx.shot,
                pack,
                decision: ctx.decision,
                models: result.models,
                usageId,
                labelPlan,
                ...(ctx.target ? { target: ctx.target } : {}),
              },
            );
            return { file: entry.file, outputId: entry.outputId };
          } catch (error) {
            abandon();
            throw error;
          }
        },
        abandon,
      };
    },
  };
}
