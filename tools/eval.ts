/**
 * `npm run eval [-- --out DIR]`: builds the demo workspace in a temporary folder (the project's own demo code, on a
 * fixed clock), renders every demo shot that the gate allows on the CPU and prints one JSON line per shot:
 * CIEDE2000 of each garment and of the twin's skin against their own images (src/render/colour/measure.ts), the
 * share of each front hand's pixels left visible, the floor margin under the feet, and the visible label's area and
 * overlap with the figure in the corner the stamp would choose from the render's foreground grid. Renders and a
 * contact sheet go to DIR (default: a temporary folder, printed last).
 *
 * `--prepared` renders the demo twice: from the hand-made files, and from the same drawings photographed on studio
 * paper and brought in through the ingest path (tools/preparedArt.ts: cut-out, pose model, suggested landmarks).
 * Each line is then the prepared render's, with `vsHandMade`: the figure's IoU between the two renders and the
 * CIEDE2000 between them where both show the figure. The contact sheet has the hand-made row above the prepared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildDemo } from '../src/demo/buildDemo.ts';
import type { DemoArt } from '../src/demo/art.contract.ts';
import { demoArt } from '../src/demo/demoArt.ts';
import { createPoseEstimator } from '../src/ingest/pose/index.ts';
import { createLedger } from '../src/ledger/index.ts';
import { createLabelRenderer } from '../src/provenance/label.ts';
import { deltaE00, measureShotColour, srgb8ToLab } from '../src/render/colour/index.ts';
import { createSessionCache, defaultModelsDir, prepareShot, renderShot } from '../src/render/index.ts';
import { createWorkspace } from '../src/workspace/index.ts';
import { preparedArt } from './preparedArt.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const outArg = process.argv.indexOf('--out');
const out =
  outArg > 0 ? path.resolve(process.argv[outArg + 1] as string) : mkdtempSync(path.join(tmpdir(), 'twin-eval-out-'));
const comparePrepared = process.argv.includes('--prepared');
await mkdir(out, { recursive: true });
const round = (v: number | undefined, d = 2): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.round(v * 10 ** d) / 10 ** d;

interface ShotRender {
  line: Record<string, unknown>;
  rgba: Uint8Array;
  figure: Uint8Array;
  width: number;
  height: number;
  png: Buffer;
}

/** Builds the demo from `art` in a temporary folder and renders every shot the gate allows. */
async function renderDemo(art: DemoArt): Promise<Map<string, ShotRender>> {
  const work = mkdtempSync(path.join(tmpdir(), 'twin-eval-'));
  const renders = new Map<string, ShotRender>();
  try {
    const demo = await buildDemo(path.join(work, 'demo'), {
      art,
      now: NOW,
      usageCounter: (ws) => createLedger({ db: ws.db, workstationKey: ws.workstationKey, user: 'eval', now: ws.now }),
      // The evaluation renders only: the registry's database is not needed.
      createRegistryDb: async ({ dir }) => dir,
    });
    const ws = createWorkspace(demo.workspace, () => NOW);
    const sessions = createSessionCache({ modelsDir: defaultModelsDir(), providers: ['cpu'] });
    const labels = createLabelRenderer();
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
        const png = await sharp(result.rgba, { raw: { width, height, channels: 4 } })
          .png()
          .toBuffer();
        renders.set(shotId, { line, rgba: result.rgba, figure: colour.figure, width, height, png });
      }
    } finally {
      ws.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return renders;
}

/** The prepared render against the hand-made one: the figure's IoU, and CIEDE2000 where both show it. */
function versus(a: ShotRender, b: ShotRender): Record<string, number | null> {
  let inter = 0;
  let union = 0;
  const de: number[] = [];
  for (let p = 0; p < a.width * a.height; p++) {
    const fa = a.figure[p] === 1;
    const fb = b.figure[p] === 1;
    if (fa || fb) union++;
    if (!(fa && fb)) continue;
    inter++;
    if (p % 4 !== 0) continue;
    const i = p * 4;
    de.push(
      deltaE00(
        srgb8ToLab(a.rgba[i]!, a.rgba[i + 1]!, a.rgba[i + 2]!),
        srgb8ToLab(b.rgba[i]!, b.rgba[i + 1]!, b.rgba[i + 2]!),
      ),
    );
  }
  de.sort((x, y) => x - y);
  const at = (q: number) => de[Math.min(de.length - 1, Math.floor(q * de.length))];
  return {
    figureIoU: round(inter / Math.max(1, union), 4),
    deltaE00Median: round(at(0.5)),
    deltaE00P90: round(at(0.9)),
  };
}

const handMade = await renderDemo(demoArt);
const rows: ShotRender[][] = [[...handMade.values()]];
if (comparePrepared) {
  const estimator = await createPoseEstimator({ modelsDir: defaultModelsDir() });
  const ingest = preparedArt(demoArt, estimator);
  try {
    const prepared = await renderDemo(ingest.art);
    for (const [shotId, render] of prepared) {
      const base = handMade.get(shotId);
      const line = { ...render.line, preparedFrom: 'photos', handMadeGarments: ingest.handMade };
      console.log(JSON.stringify(base ? { ...line, vsHandMade: versus(render, base) } : line));
      await writeFile(path.join(out, `${shotId}.prepared.png`), render.png);
    }
    rows.push([...handMade.keys()].map((id) => prepared.get(id)).filter((r): r is ShotRender => r !== undefined));
  } finally {
    ingest.dispose();
    await estimator.dispose();
  }
} else {
  for (const render of handMade.values()) console.log(JSON.stringify(render.line));
}
for (const [shotId, render] of handMade) await writeFile(path.join(out, `${shotId}.png`), render.png);
const columns = Math.max(...rows.map((r) => r.length));
const sheet = await sharp({
  create: { width: 256 * columns, height: 384 * rows.length, channels: 3, background: '#ffffff' },
})
  .composite(
    await Promise.all(
      rows.flatMap((row, r) =>
        row.map(async (render, i) => ({
          input: await sharp(render.png).resize(256).png().toBuffer(),
          left: 256 * i,
          top: 384 * r,
        })),
      ),
    ),
  )
  .png()
  .toBuffer();
await writeFile(path.join(out, 'contact-sheet.png'), sheet);
console.error(`renders and contact sheet: ${out}`);
