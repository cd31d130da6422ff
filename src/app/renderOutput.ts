import type { OutputStep } from '../render/index.ts';
import type { Studio } from './openStudio.ts';
import { createOutputWriter } from './outputWriter.ts';
import type { Provenance } from './provenance.ts';

/**
 * The shot renderer's output step in the product: every render is stamped and recorded. There is no other
 * OutputStep in src/, so no setting or flag can produce an unlabelled file. The usage id is reserved before
 * inference (the watermark carries it; a render that never finishes leaves an open reservation, which the ledger
 * lists), and the label is laid out while the pixels render.
 */
export function stampedOutputStep(studio: Studio, provenance: Provenance): OutputStep {
  const writer = createOutputWriter({ studio, provenance });
  return {
    begin(ctx) {
      const usageId = studio.ledger.reserveId();
      const ready = (async () => {
        const pack = await studio.ws.twins.load(ctx.shot.twin.twinId);
        return { pack, labelPlan: writer.planLabel({ width: ctx.shot.output.width, height: ctx.shot.output.height, usageId, pack }) };
      })();
      // Awaited by write; a render that fails first reports its own error, not this one.
      ready.catch(() => undefined);
      return {
        async write(result) {
          const { pack, labelPlan } = await ready;
          const entry = await writer.write(
            { rgba: result.rgba, width: result.width, height: result.height, provider: result.provider, ...(result.foreground ? { foreground: result.foreground } : {}) },
            { shot: ctx.shot, pack, decision: ctx.decision, models: result.models, usageId, labelPlan, ...(ctx.target ? { target: ctx.target } : {}) },
          );
          return { file: entry.file, outputId: entry.outputId };
        },
      };
    },
  };
}
