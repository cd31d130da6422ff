// Browser mode over a workspace with real stamped outputs (signed render records, outputs rows) and the
// review and export services wired as the runtime wires them. Line 1: the URL; line 2: the output ids.
// `--revoke LICENCE_ID` revokes that licence after the renders (its approved images are then held back).
import path from 'node:path';
import { createReviewExportServices } from '../../src/app/index.ts';
import { createOutputsService } from '../../src/app/outputsService.ts';
import { startStudioServer } from '../../src/server/index.ts';
import { makeOutputsFixture } from '../helpers/outputsFixture.ts';

const fx = await makeOutputsFixture();
const size = { width: 600, height: 900 };
const a1 = await fx.render('shot-a1', { ...size, seed: 3 });
const a1b = await fx.render('shot-a1', { ...size, seed: 11 });
const a2 = await fx.render('shot-a2', { ...size, seed: 5 });
// b1 is square: a wipe against a 2:3 output shows the other one fitted, not stretched.
const b1 = await fx.render('shot-b1', { width: 720, height: 720, seed: 8 });

const revoke = process.argv.indexOf('--revoke');
if (revoke > 0) fx.revoke(process.argv[revoke + 1] ?? '', 'the model withdrew this brand');

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
console.log(
  `OUTPUTS ${JSON.stringify({ a1: a1.outputId, a1b: a1b.outputId, a2: a2.outputId, b1: b1.outputId, workspace: fx.workspaceDir })}`,
);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
