/**
 * `npm run eval [-- --out DIR]`: builds the demo workspace in a temporary folder (the project's own demo code, on a
 * fixed clock), renders every demo shot that the gate allows on the CPU and prints one JSON line per shot:
 * CIEDE2000 of each garment and of the twin's skin against their own images (src/render/colour/measure.ts), the
 * share of each front hand's pixels left visible, the floor margin under the feet, and the visible label's area and
 * overlap with the figure in the corner the stamp would choose from the render's foreground grid. Renders and a contact sheet go to DIR (default: a temporary folder, printed last).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildDemo } from '../src/demo/buildDemo.ts';
import { demoArt } from '../src/demo/demoArt.ts';
import { createLedger } from '../src/ledger/index.ts';
import { createLabelRenderer } from '../src/provenance/label.ts';
import { measureShotColour } from '../src/render/colour/index.ts';
import { createSessionCache, defaultModelsDir, prepareShot, renderShot } from '../src/render/index.ts';
import { createWorkspace } from '../src/workspace/index.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const outArg = process.argv.indexOf('--out');
const out =
  outArg > 0 ? path.resolve(process.argv[outArg + 1] as string) : mkdtempSync(path.join(tmpdir(), 'twin-eval-out-'));
await mkdir(out, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'twin-eval-'));
const round = (v: number | undefined, d = 2): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.round(v * 10 ** d) / 10 ** d;

try {
  const demo = await buildDemo(path.join(work, 'demo'), {
    art: demoArt,
    now: NOW,
    usageCounter: (ws) => createLedger({ db: ws.db, workstationKey: ws.workstationKey, user: 'eval', now: ws.now }),
    // The evaluation renders only: the registry's database is not needed.
    createRegistryDb: async ({ dir }) => dir,
  });
  const ws = createWorkspace(demo.workspace, () => NOW);
  const sessions = createSessionCache({ modelsDir: defaultModelsDir(), providers: ['cpu'] });
  const labels = createLabelRenderer();
  const tiles: { input: Buffer; name: string }[] = [];
  try {
    for (const file of demo.shots.ok) {
      const shotId = path.basename(file, '.json');
      const shot = ws.shots.load(shotId);
      const t0 = performance.now();
      const prepared = await prepareShot(ws, shot);
      const result = await renderShot(prepared, sessions, { providers: ['cpu'] });
      const ms = performance.now() - t0;
      const colour = measureShotColour(prepared, result.rgba);
      const { width, height } = prepared.output;
      const pack = await ws.twins.load(shot.twin.twinId);
      const label = await labels.prepare(width, height, {
        displayName: pack.manifest.displayName,
        code: 'EVAL-0000-0000',
      });
      // The corner the stamp takes: the first the render's foreground (figure, garments, shadows) leaves clear.
      const corner = label.choose([], result.foreground).corner;
      const plate = label.layout(corner).plate;
      let overlap = 0;
      for (let y = plate.top; y < plate.top + plate.height; y++)
        for (let x = plate.left; x < plate.left + plate.width; x++) overlap += colour.figure[y * width + x] ?? 0;
      const line = {
        shotId,
        sceneId: shot.scene.sceneId,
        poseId: shot.twin.poseId,
        garments: Object.fromEntries(
          colour.garments.map((g) => [
            g.garmentId,
            { median: round(g.deltaE00.median), p90: round(g.deltaE00.p90), pixels: g.deltaE00.pixels },
          ]),
        ),
        skin: colour.skin
          ? { median: round(colour.skin.median), p90: round(colour.skin.p90), pixels: colour.skin.pixels }
          : null,
        outsideBody: Object.fromEntries(
          (colour.outsideBody ?? []).map((o) => [ws.catalog.garment(o.garmentId).item.category, round(o.share)]),
        ),
        handVisiblePct: colour.hands.map((h) => round(100 * h.visible, 1)),
        floorMarginPct: colour.floorMargin ? round(100 * colour.floorMargin.share) : null,
        floorMarginPx: colour.floorMargin?.px ?? null,
        labelAreaPct: round((100 * plate.width * plate.height) / (width * height)),
        labelOverlapPx: overlap,
        labelCorner: corner,
        renderMs: Math.round(ms),
      };
      console.log(JSON.stringify(line));
      const png = await sharp(result.rgba, { raw: { width, height, channels: 4 } })
        .png()
        .toBuffer();
      await writeFile(path.join(out, `${shotId}.png`), png);
      tiles.push({ input: await sharp(png).resize(256).png().toBuffer(), name: shotId });
    }
  } finally {
    ws.close();
  }
  const sheet = await sharp({ create: { width: 256 * tiles.length, height: 384, channels: 3, background: '#ffffff' } })
    .composite(tiles.map((t, i) => ({ input: t.input, left: 256 * i, top: 0 })))
    .png()
    .toBuffer();
  await writeFile(path.join(out, 'contact-sheet.png'), sheet);
  console.error(`renders and contact sheet: ${out}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
