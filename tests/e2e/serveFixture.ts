// Starts browser mode over a fresh fixture workspace (for Playwright), with the real studio runtime: render
// queue, worker pool, stamped outputs, provenance. Line 1: the URL; line 2: where the not-yet-imported source
// files are, so a test can import them through the UI. `--registry` also starts a rights registry on loopback
// holding the registry key the workspace trusts; line 2 then carries its URL and a one-time token for org-e2e.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createStudioRuntime } from '../../src/app/runtime.ts';
import { createEnrolmentToken, startRegistry } from '../../src/registry/index.ts';
import { startStudioServer } from '../../src/server/index.ts';
import { createWorkspace } from '../../src/workspace/index.ts';
import { runningFixtureClock } from '../helpers/clock.ts';
import { trustFixture, writeFixtureSources } from '../helpers/studioFixture.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: serveFixture.ts DIR [--registry]');
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

const registry = process.argv.includes('--registry')
  ? await startRegistry({ now, db: path.join(dir, 'registry.sqlite'), registryKey: src.registryKey })
  : null;
const enrolment = registry && {
  registryUrl: registry.url,
  token: await createEnrolmentToken(registry.store, {
    now,
    registryKeyId: registry.registryKey.keyId,
    orgId: 'org-e2e',
  }),
};

const server = await startStudioServer({
  workspaceDir: wsDir,
  now,
  runtime: await createStudioRuntime(wsDir, { now, env: { ...process.env, TWIN_STUDIO_USER: 'e2e' } }),
  rendererDir: path.resolve(import.meta.dirname, '../../dist/renderer'),
  port: 0,
});
console.log(`SOURCES ${JSON.stringify({ sceneDir: src.scenes[1], workspace: wsDir, ...enrolment })}`);
process.on('SIGTERM', () => void Promise.all([server.close(), registry?.close()]).then(() => process.exit(0)));
