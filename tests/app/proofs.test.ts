import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newShot } from '../../src/api/index.ts';
import { screenSizeShot } from '../../src/app/proofs.ts';
import { createStudioRuntime, type StudioRuntime } from '../../src/app/runtime.ts';
import type { Clock } from '../../src/clock/index.ts';
import { StudioError } from '../../src/errors/index.ts';
import { createScreening } from '../../src/export/index.ts';
import { signAsRegistry } from '../../src/licences/index.ts';
import { readXmp } from '../../src/provenance/index.ts';
import type { Shot } from '../../src/shots/index.ts';
import { FIXTURE_NOW } from '../helpers/clock.ts';
import { buildStudioWorkspace } from '../helpers/studioFixture.ts';

// Proofs through the real gate, render pool, stamp and ledger: screen size, kind `proof`, the licence's proof terms.
let dir: string;
let wsDir: string;
let shotId: string;
let termsShotId: string;
let expiredShotId: string;
let offsetMs = 0;
const clock: Clock = () => new Date(FIXTURE_NOW.getTime() + offsetMs);

/** The shot at 1024×1536 (the demo's size), the twin placed as newShot placed it at the shot's own size. */
function sized(shot: Shot, width: number, height: number): Shot {
  const k = width / shot.output.width;
  const t = shot.twin.transform;
  return {
    ...shot,
    output: { width, height },
    twin: { ...shot.twin, transform: { ...t, x: t.x * k, y: t.y * k, scale: t.scale * k } },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'proofs-'));
  const { ws, src } = await buildStudioWorkspace(dir);
  // A licence with proof terms of its own (2 a day, billed 120 minor units each) and one image, already spent.
  const body = JSON.parse(readFileSync(src.licences.valid, 'utf8')) as Record<string, unknown>;
  const { signature: _s, registryKeyId: _k, ...unsigned } = body;
  const terms = signAsRegistry(
    {
      ...unsigned,
      licenceId: 'lic_ada_terms',
      maxImages: 1,
      proofs: { perDay: 2, billed: true, perProof: 120 },
    } as Record<string, unknown>,
    src.registryKey,
  );
  const termsFile = path.join(dir, 'lic_ada_terms.licence.json');
  writeFileSync(termsFile, JSON.stringify(terms));
  await ws.licences.import(JSON.parse(readFileSync(termsFile, 'utf8')));
  const base = { name: 'Look 1', sceneId: 'studio-grey', twinId: 'tw_ada', poseId: 'front' };
  const make = async (licenceId: string) => {
    const shot = await newShot(ws, { ...base, licenceId });
    ws.shots.save(sized(shot, 1024, 1536));
    return shot.shotId;
  };
  shotId = await make('lic_ada_2026');
  termsShotId = await make('lic_ada_terms');
  expiredShotId = await make('lic_ada_old');
  wsDir = ws.dir;
  ws.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('screenSizeShot', () => {
  it('scales the frame and the placement so the long side is 1024, and never enlarges', () => {
    const shot = {
      output: { width: 2048, height: 3072 },
      twin: { transform: { x: 1000, y: 2000, scale: 2, rotation: 5 } },
    } as unknown as Shot;
    const small = screenSizeShot(shot);
    expect(small.output).toEqual({ width: 683, height: 1024 });
    expect(small.twin.transform).toEqual({ x: 1000 / 3, y: 2000 / 3, scale: 2 / 3, rotation: 5 });
    const tiny = { ...shot, output: { width: 800, height: 600 } } as Shot;
    expect(screenSizeShot(tiny)).toBe(tiny);
  });
});

describe('proofs', () => {
  let runtime: StudioRuntime;
  afterAll(async () => runtime?.close());

  it('renders at screen size with the proof mark, records kind proof, costs no image and stays out of the gallery', async () => {
    runtime = await createStudioRuntime(wsDir, { now: clock, env: { TWIN_STUDIO_USER: 'tester' }, poolSize: 1 });
    const { ledger } = runtime.studio;
    const render = runtime.services.render;
    const before = ledger.imagesUsed('lic_ada_2026');
    const proof = await render.proof!({ shotId });

    expect(Math.max(proof.width, proof.height)).toBe(1024);
    expect(proof).toMatchObject({ shotId, width: 683, height: 1024, frame: { width: 1024, height: 1536 } });
    expect(proof).toMatchObject({ billed: false, proofsLeftToday: 49 });
    const bytes = readFileSync(path.join(wsDir, proof.file));
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 683, height: 1024 });
    expect((await readXmp(bytes))?.proofMark).toBe(true);

    const record = ledger.get(proof.proofId);
    expect(record).toMatchObject({ kind: 'proof', ref: null, licenceId: 'lic_ada_2026', shotId });
    expect(record?.fee).toEqual({ amount: 0, currency: 'EUR' });
    expect(ledger.imagesUsed('lic_ada_2026')).toBe(before);
    expect(ledger.verifyChain().ok).toBe(true);
    expect(runtime.studio.outputs.list({ shotId })).toEqual([]);
  }, 60_000);

  it('holds to the licence terms: per day, billed, allowed once the images are spent, again the next day', async () => {
    const { ledger } = runtime.studio;
    const render = runtime.services.render;
    // The licence's one image spent: a render is refused, a proof is not.
    ledger.append({
      kind: 'render',
      twinId: 'tw_ada',
      licenceId: 'lic_ada_terms',
      shotId: termsShotId,
      ref: null,
      outputSha256: 'a'.repeat(64),
      use: { channel: 'ecommerce', territory: 'EU' },
      fee: { amount: 900, currency: 'EUR' },
    });
    await expect(render.enqueue({ shotId: termsShotId })).resolves.toBeDefined();
    await runtime.services.render.idle();
    const refusedJob = (await render.jobs())[0];
    expect(refusedJob?.error?.code).toBe('QUOTA_EXHAUSTED');

    const first = await render.proof!({ shotId: termsShotId });
    const second = await render.proof!({ shotId: termsShotId });
    expect([first.billed, first.proofsLeftToday, second.proofsLeftToday]).toEqual([true, 1, 0]);
    expect(ledger.get(second.proofId)?.fee).toEqual({ amount: 120, currency: 'EUR' });
    expect(ledger.imagesUsed('lic_ada_terms')).toBe(1);
    const third = await render.proof!({ shotId: termsShotId }).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(StudioError);
    expect((third as StudioError).code).toBe('PROOF_LIMIT_REACHED');
    expect(ledger.list({ kind: 'proof', licenceId: 'lic_ada_terms' })).toHaveLength(2);

    offsetMs = 86_400_000;
    const nextDay = await render.proof!({ shotId: termsShotId });
    expect(nextDay.proofsLeftToday).toBe(1);
  }, 60_000);

  it('still applies the licence and consent rules', async () => {
    const refused = await runtime.services.render.proof!({ shotId: expiredShotId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StudioError);
    expect((refused as StudioError).code).toBe('LICENCE_EXPIRED');
  }, 30_000);

  it('export refuses a proof with a typed error, even one that reached the catalogue', async () => {
    const { ledger, ws } = { ledger: runtime.studio.ledger, ws: runtime.workspace };
    const proof = await runtime.services.render.proof!({ shotId });
    const screen = createScreening({ ws, ledger, now: clock() });
    const verdict = await screen({
      outputId: proof.proofId,
      shotId,
      file: path.join(wsDir, proof.file),
    } as Parameters<typeof screen>[0]);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? null : verdict.held.code).toBe('EXPORT_PROOF_REFUSED');
  }, 30_000);
});
