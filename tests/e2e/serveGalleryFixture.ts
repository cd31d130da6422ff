// Browser mode over a workspace with a long gallery: three real stamped outputs (no thumbnails yet, as before
// thumbnails existed) and older rows (247, or `--extra N`) that point at one of their files, spread over the year
// before. Line 1: the URL; line 2: the facts. tools/bench/galleryUi.ts serves 100 000 with it.
import path from 'node:path';
import { createOutputsService } from '../../src/app/outputsService.ts';
import { startStudioServer } from '../../src/server/index.ts';
import { makeOutputsFixture } from '../helpers/outputsFixture.ts';

const extraAt = process.argv.indexOf('--extra');
const EXTRA = extraAt > 0 ? Number(process.argv[extraAt + 1]) : 247;
const fx = await makeOutputsFixture();
const size = { width: 240, height: 360 };
const real = [
  await fx.render('shot-a1', { ...size, seed: 3 }),
  await fx.render('shot-a2', { ...size, seed: 5 }),
  await fx.render('shot-b1', { ...size, seed: 8 }),
];
const insert = fx.studio.ws.db.prepare(
  `INSERT INTO outputs (output_id, shot_id, file, format, width, height, sha256, twin_id, licence_id, scene_id,
     pose_id, provider, created_at)
   SELECT ?, shot_id, file, format, width, height, sha256, twin_id, licence_id, scene_id, pose_id, provider, ?
   FROM outputs WHERE output_id = ?`,
);
const oldest = Date.parse(real[0]!.createdAt) - 86_400_000;
fx.studio.ws.db.transaction(() => {
  for (let i = 0; i < EXTRA; i++) {
    const source = real[i % 3]!;
    const at = new Date(oldest - Math.floor((i * 365 * 86_400_000) / EXTRA));
    insert.run(`old-${String(i).padStart(7, '0')}`, at.toISOString(), source.outputId);
  }
})();

const services = { usage: fx.studio.ledger, outputs: createOutputsService({ studio: fx.studio, provenance: fx.kit }) };
const server = await startStudioServer({
  workspaceDir: fx.workspaceDir,
  now: fx.studio.ws.now,
  rendererDir: path.resolve(import.meta.dirname, '../../dist/renderer'),
  port: 0,
  runtime: { workspace: fx.studio.ws, services, close: () => fx.cleanup() },
});
const perShot = Object.fromEntries(
  ['shot-a1', 'shot-a2', 'shot-b1'].map((s) => [
    s,
    (fx.studio.ws.db.prepare('SELECT count(*) AS n FROM outputs WHERE shot_id = ?').get(s) as { n: number }).n,
  ]),
);
console.log(`GALLERY ${JSON.stringify({ total: EXTRA + real.length, perShot, newest: real[2]!.outputId })}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
