import type { OutputStep } from '../render/index.ts';
import type { Studio } from './openStudio.ts';
import { createOutputWriter } from './outputWriter.ts';
import type { Provenance } from './provenance.ts';

/**
 * The render service's output step in the product: every render is stamped and recorded. There is no other
 * OutputStep in src/, so no setting or flag can produce an unlabelled file.
 */
export function stampedOutputStep(studio: Studio, provenance: Provenance): OutputStep {
  const writer = createOutputWriter({ studio, provenance });
  return async (result, ctx) => {
    const pack = await studio.ws.twins.load(ctx.shot.twin.twinId);
    const entry = await writer.write(
      { rgba: result.rgba, width: result.width, height: result.height, provider: result.provider },
      { shot: ctx.shot, pack, decision: ctx.decision, models: ctx.models, usageId: studio.ledger.reserveId(), ...(ctx.target ? { target: ctx.target } : {}) },
    );
    return { file: entry.file, outputId: entry.outputId };
  };
}
