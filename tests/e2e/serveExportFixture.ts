// Browser mode over a workspace with two approved outputs of 683×1024 (so the 2000×3000 product page upscales them),
// one shot named for people and one without a SKU. Line 1: the URL; line 2: the output ids and the workspace.
import path from 'node:path';
import { createReviewExportServices, reviewFor } from '../../src/app/index.ts';
import { createOutputsService } from '../../src/app/outputsService.ts';
import { startStudioServer } from '../../src/server/index.ts';
import { makeOutputsFixture } from '../helpers/outputsFixture.ts';

const fx = await makeOutputsFixture();
const { shots } = fx.studio.ws;
shots.save({ ...shots.load('shot-a1'), name: 'Linen dress front' });
shots.save({ ...shots.load('shot-b1'), name: 'Wool coat back', sku: '' });
const size = { width: 683, height: 1024 };
const a1 = await fx.render('shot-a1', { ...size, seed: 3 });
const b1 = await fx.render('shot-b1', { ...size, seed: 8 });
for (const o of [a1, b1]) reviewFor(fx.studio).approve(o.outputId, { by: 'rita' });

const services = {
  usage: fx.studio.ledger,
  outputs: createOutputsService({ studio: fx.studio, provenance: fx.kit }),
  ...createReviewExportServices(fx.studio, fx.kit),
};
const server = await startStudioServer({
  workspaceDir: fx.workspaceDir,
  now: fx.studio.ws.now,
  rendererDir: path.resolve(import.meta.dirname, '../../dist/renderer'),
  port: 0,
  runtime: { workspace: fx.studio.ws, services, close: () => fx.cleanup() },
});
console.log(`OUTPUTS ${JSON.stringify({ a1: a1.outputId, b1: b1.outputId, workspace: fx.workspaceDir })}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
