import path from 'node:path';
import sharp from 'sharp';
import type { OutputStep } from '../../src/render/index.ts';
import { writeFileAtomic } from '../../src/workspace/index.ts';

/**
 * For tests of the render queue and pipeline alone: writes the pipeline's pixels as a plain PNG. The product's
 * only output step is src/app/renderOutput.ts (stamped and recorded); tests of that use it.
 */
export const writePlainPngForTests: OutputStep = {
  begin: (ctx) => ({
    async write(result) {
      const file = ctx.target ?? path.join(ctx.ws.layout.outputs, `${ctx.shot.shotId}.png`);
      writeFileAtomic(
        file,
        await sharp(result.rgba, { raw: { width: result.width, height: result.height, channels: 4 } })
          .png()
          .toBuffer(),
      );
      return { file };
    },
  }),
};
