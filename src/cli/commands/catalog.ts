import { JSON_OPTION, report, WORKSPACE_OPTION, type Command } from '../command.ts';
import { usageError } from '../run.ts';
import { withStudio } from '../workspaceArg.ts';

export const garmentImport: Command = {
  words: ['garment', 'import'],
  summary: 'add a garment (folder with garment.json and its RGBA image) to the catalog',
  usage: 'garment import DIR [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    const [dir] = ctx.args;
    if (!dir) throw usageError('a garment folder is required');
    return withStudio(ctx, {}, async ({ ws }) => {
      const garment = await ws.catalog.importGarment(dir);
      report(ctx, garment, () => [`imported garment ${garment.garmentId} (${garment.category}, ${garment.name})`]);
      return 0;
    });
  },
};

export const sceneImport: Command = {
  words: ['scene', 'import'],
  summary: 'add a scene (folder with scene.json and its backdrop image) to the catalog',
  usage: 'scene import DIR [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    const [dir] = ctx.args;
    if (!dir) throw usageError('a scene folder is required');
    return withStudio(ctx, {}, async ({ ws }) => {
      const scene = await ws.catalog.importScene(dir);
      report(ctx, scene, () => [`imported scene ${scene.sceneId} (${scene.name})`]);
      return 0;
    });
  },
};
