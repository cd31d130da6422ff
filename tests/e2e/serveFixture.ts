// Starts browser mode over a fresh fixture workspace (for Playwright), with the real studio runtime: render
// queue, worker pool, stamped outputs, provenance. Line 1: the URL; line 2: where the not-yet-imported source
// files are, so a test can import them through the UI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createStudioRuntime } from '../../src/app/runtime.ts';
import { startStudioServer } from '../../src/server/index.ts';
import { createWorkspace } from '../../src/workspace/index.ts';
import { runningFixtureClock } from '../helpers/clock.ts';
import { trustFixture, writeFixtureSources } from '../helpers/studioFixture.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: serveFixture.ts DIR');
const src = await writeFixtureSources(path.join(dir, 'incoming'));
const wsDir = path.join(dir, 'workspace');
const now = runningFixtureClock();
const ws = createWorkspace(wsDir, now);
trustFixture(ws, src);
await ws.twins.import(src.packDir);
for (const file of [src.licences.valid, src.licences.expired])
  await ws.licences.import(JSON.parse(readFileSync(file, 'utf8')));
for (const g of src.garments) await ws.catalog.importGarment(g);
await ws.catalog.importScene(src.scenes[0]!);
ws.close();

const server = await startStudioServer({
  workspaceDir: wsDir,
  now,
  runtime: await createStudioRuntime(wsDir, { now, env: { ...process.env, TWIN_STUDIO_USER: 'e2e' } }),
  rendererDir: path.resolve(import.meta.dirname, '../../dist/renderer'),
  port: 0,
});
console.log(`SOURCES ${JSON.stringify({ sceneDir: src.scenes[1], workspace: wsDir })}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
