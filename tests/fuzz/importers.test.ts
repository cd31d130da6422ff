import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fixtureClock } from '../helpers/clock.ts';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { garmentImport, sceneImport } from '../../src/cli/commands/catalog.ts';
import { licenceImport, revocationImport } from '../../src/cli/commands/licence.ts';
import { policyCheck } from '../../src/cli/commands/policy.ts';
import { twinImport } from '../../src/cli/commands/twin.ts';
import { verifyFile } from '../../src/cli/commands/verify.ts';
import { signAsRegistry } from '../../src/licences/index.ts';
import { seededRandom } from '../../src/random/seeded.ts';
import { startStudioServer, type StudioServer } from '../../src/server/index.ts';
import { resignPackFolder, zipPackFolder } from '../../src/twins/index.ts';
import { cli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { pngClaiming } from '../helpers/hostileImages.ts';
import { buildStudioWorkspace, type FixtureSources } from '../helpers/studioFixture.ts';

/**
 * Random, truncated and empty bytes into every importer and decoder, through the CLI (in-process) and through
 * browser mode's HTTP API: a typed error every time, never INTERNAL, and the server answers afterwards.
 * Seeded, so a failure names the seed and the case that reproduce it; FUZZ_SEED and FUZZ_MUTANTS explore further.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x7a11);
/** Random mutants per input file, on top of the fixed empty / 1-byte / half / all-but-one-byte cases. */
const RANDOM_MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 8);

type Rng = () => number;
const int = (rnd: Rng, n: number) => Math.floor(rnd() * n);

function randomBytes(rnd: Rng, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = int(rnd, 256);
  return out;
}

/** One random mutant of `valid`: noise, a cut, a few changed bytes (often in the header), or a noisy tail. */
function mutate(valid: Buffer, rnd: Rng): { kind: string; bytes: Buffer } {
  switch (int(rnd, 4)) {
    case 0:
      return { kind: 'noise', bytes: randomBytes(rnd, int(rnd, 600)) };
    case 1: {
      const at = int(rnd, valid.byteLength);
      return { kind: `cut at ${at}`, bytes: valid.subarray(0, at) };
    }
    case 2: {
      const bytes = Buffer.from(valid);
      const flips = 1 + int(rnd, 8);
      for (let i = 0; i < flips; i++) {
        const at = rnd() < 0.5 ? int(rnd, Math.min(64, bytes.byteLength)) : int(rnd, bytes.byteLength);
        bytes[at] = int(rnd, 256);
      }
      return { kind: `${flips} bytes changed`, bytes };
    }
    default: {
      const at = int(rnd, valid.byteLength);
      const bytes = Buffer.concat([valid.subarray(0, at), randomBytes(rnd, int(rnd, 300))]);
      return { kind: `noise after ${at}`, bytes };
    }
  }
}

function mutants(valid: Buffer, rnd: Rng): { kind: string; bytes: Buffer }[] {
  const fixed = [
    { kind: 'empty', bytes: Buffer.alloc(0) },
    { kind: 'first byte', bytes: valid.subarray(0, 1) },
    { kind: 'first half', bytes: valid.subarray(0, valid.byteLength >> 1) },
    { kind: 'all but the last byte', bytes: valid.subarray(0, valid.byteLength - 1) },
  ];
  return [...fixed, ...Array.from({ length: RANDOM_MUTANTS }, () => mutate(valid, rnd))];
}

const CODE = /^([A-Z][A-Z0-9_]+): /;
const oneOf = (codes: readonly string[]) => expect.toBeOneOf([...codes]);
type ApiAnswer = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
const IMAGE = ['IMAGE_CORRUPT', 'IMAGE_TOO_LARGE'];
const PACK = ['PACK_INVALID', 'PACK_TAMPERED', 'PACK_TOO_LARGE', 'PACK_OWNER_UNKNOWN', ...IMAGE];
const EXPECTED = {
  garment: ['GARMENT_INVALID', ...IMAGE],
  scene: ['SCENE_INVALID', ...IMAGE],
  pack: PACK,
  licence: [
    'LICENCE_INVALID',
    'LICENCE_SIGNER_UNKNOWN',
    'LICENCE_TAMPERED',
    'LICENCE_WRONG_TWIN',
    'LICENCE_WRONG_CONSENT',
    'LICENCE_WIDENS_CONSENT',
    'TWIN_NOT_FOUND',
  ],
  revocation: ['REVOCATION_INVALID', 'REVOCATION_SIGNER_UNKNOWN', 'REVOCATION_TAMPERED'],
  shot: ['SHOT_INVALID', 'SHOT_FORMAT_UNKNOWN'],
  verify: ['PROVENANCE_CONTRADICTION', ...IMAGE],
} as const;

describe('fuzz: every importer and decoder refuses bad bytes with a typed error', () => {
  const tmp = tempDir('twin-fuzz-');
  const rnd = seededRandom(SEED);
  let src: FixtureSources;
  let cliWs: string;
  let server: StudioServer;
  let validShot: Buffer;
  let validRevocation: Buffer;
  let images: { png: Buffer; jpeg: Buffer };
  let n = 0;
  const fresh = (name: string) => {
    const dir = path.join(tmp.dir, 'cases', `${n++}-${name}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const COMMANDS = [garmentImport, sceneImport, twinImport, licenceImport, revocationImport, policyCheck, verifyFile];
  const run = (...argv: string[]) => cli(COMMANDS, [...argv, '--workspace', cliWs]);

  /** The CLI's verdict on one case: success (a mutant that is still valid), or exit 1 with an expected code. */
  async function expectCli(label: string, expected: readonly string[], argv: string[]): Promise<void> {
    const r = await run(...argv);
    if (r.code === 0) return;
    const code = CODE.exec(r.stderr)?.[1];
    const verdict = { label, exit: r.code, code };
    const why = `seed ${SEED}, ${label}: ${r.stderr.slice(0, 400)}`;
    expect(verdict, why).toEqual({ label, exit: 1, code: oneOf(expected) });
  }

  async function post(pathname: string, body: Buffer | string): Promise<{ status: number; json: ApiAnswer }> {
    const headers = { 'x-studio-token': server.token, 'content-type': 'application/json' };
    const res = await fetch(`http://127.0.0.1:${server.port}${pathname}`, { method: 'POST', headers, body });
    return { status: res.status, json: (await res.json()) as ApiAnswer };
  }
  const api = (method: string, input: unknown) => post(`/api/${method}`, JSON.stringify(input));

  /** Browser mode's verdict: a JSON answer below 500, ok or refused with an expected code. */
  async function expectApi(label: string, expected: readonly string[], method: string, input: unknown): Promise<void> {
    const { status, json } = await api(method, input);
    const verdict = { label, status: status < 500, code: json.ok ? 'ok' : json.error?.code };
    const expectedVerdict = { label, status: true, code: oneOf(['ok', ...expected]) };
    expect(verdict, `seed ${SEED}, ${label}: ${json.error?.message?.slice(0, 400)}`).toEqual(expectedVerdict);
  }

  /** Uploads files the way the browser picker does; returns the folder they landed in. */
  async function upload(files: Record<string, Buffer>): Promise<{ dir: string; files: string[] }> {
    const list = Object.entries(files).map(([name, data]) => ({ name, data: data.toString('base64') }));
    const { json } = await api('upload', { files: list });
    expect(json.ok).toBe(true);
    return json.value as { dir: string; files: string[] };
  }

  beforeAll(async () => {
    const built = await buildStudioWorkspace(tmp.dir);
    src = built.src;
    built.ws.close();
    cliWs = path.join(tmp.dir, 'workspace');
    const serverWs = path.join(tmp.dir, 'server-workspace');
    cpSync(cliWs, serverWs, { recursive: true });
    const rendererDir = path.join(tmp.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Twin Studio</title>');
    server = await startStudioServer({
      workspaceDir: serverWs,
      now: fixtureClock,
      rendererDir,
      port: 0,
      log: () => {},
    });

    const shot = { name: 'Fuzz', sceneId: 'studio-grey', twinId: src.twinId, poseId: 'front' };
    const created = await api('shots.create', { ...shot, licenceId: 'lic_ada_2026' });
    expect(created.json.ok, created.json.error?.message).toBe(true);
    validShot = Buffer.from(JSON.stringify(created.json.value));
    const revoked = { licenceId: 'lic_ada_old', revokedAt: '2026-06-01T00:00:00Z', reason: 'fuzz' };
    const revocation = { format: 'revocation/1', revocationId: 'rev_fuzz', ...revoked };
    validRevocation = Buffer.from(JSON.stringify(signAsRegistry(revocation, src.registryKey)));
    const flat = sharp({ create: { width: 64, height: 48, channels: 3, background: '#7a8a9a' } });
    images = { png: await flat.clone().png().toBuffer(), jpeg: await flat.clone().jpeg().toBuffer() };
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    tmp.cleanup();
  });

  /** For a catalog folder: every mutant of each of its files, beside the other files intact. */
  function catalogCases(sourceDir: string, files: string[]): { label: string; files: Record<string, Buffer> }[] {
    const valid = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(sourceDir, f))]));
    const casesOf = (f: string) =>
      mutants(valid[f] as Buffer, rnd).map((m) => ({ label: `${f}: ${m.kind}`, files: { ...valid, [f]: m.bytes } }));
    return files.flatMap(casesOf);
  }

  for (const kind of ['garment', 'scene'] as const) {
    it(`${kind} import`, async () => {
      const sourceDir = kind === 'garment' ? src.garments[0]! : src.scenes[0]!;
      const files = kind === 'garment' ? ['garment.json', 'garment.png'] : ['scene.json', 'scene.jpg'];
      const method = kind === 'garment' ? 'catalog.importGarment' : 'catalog.importScene';
      for (const c of catalogCases(sourceDir, files)) {
        const dir = fresh(kind);
        for (const [name, bytes] of Object.entries(c.files)) writeFileSync(path.join(dir, name), bytes);
        await expectCli(`cli ${kind} ${c.label}`, EXPECTED[kind], [kind, 'import', dir]);
        await expectApi(`http ${kind} ${c.label}`, EXPECTED[kind], method, { path: (await upload(c.files)).dir });
      }
    });
  }

  it('twin pack import: folder (as sent, and re-signed so the bytes reach the decoders) and .twinpack', async () => {
    const packFiles = ['twin.json', 'poses/front.png', 'poses/front.json'];
    for (const file of packFiles) {
      const valid = readFileSync(path.join(src.packDir, file));
      for (const [i, m] of mutants(valid, rnd).entries()) {
        const dir = fresh('pack');
        cpSync(src.packDir, dir, { recursive: true });
        writeFileSync(path.join(dir, file), m.bytes);
        // Half the image and keypoint mutants are signed again by the owner, so the hash check lets them through.
        if (file !== 'twin.json' && i % 2 === 1) resignPackFolder(dir, src.ownerKey);
        const label = `${file}: ${m.kind}${file !== 'twin.json' && i % 2 === 1 ? ', re-signed' : ''}`;
        await expectCli(`cli pack folder ${label}`, EXPECTED.pack, ['twin', 'import', dir]);
        await expectApi(`http pack folder ${label}`, EXPECTED.pack, 'twins.import', { path: dir });
        const zip = path.join(dir, '..', `${path.basename(dir)}.twinpack`);
        zipPackFolder(dir, zip);
        await expectCli(`cli pack zip ${label}`, EXPECTED.pack, ['twin', 'import', zip]);
      }
    }
    const zip = path.join(fresh('zip'), 'ada.twinpack');
    zipPackFolder(src.packDir, zip);
    for (const m of mutants(readFileSync(zip), rnd)) {
      const file = path.join(fresh('zip'), 'ada.twinpack');
      writeFileSync(file, m.bytes);
      await expectCli(`cli .twinpack ${m.kind}`, EXPECTED.pack, ['twin', 'import', file]);
      const [uploaded] = (await upload({ 'ada.twinpack': m.bytes })).files;
      await expectApi(`http .twinpack ${m.kind}`, EXPECTED.pack, 'twins.import', { path: uploaded });
    }
  });

  it('licence and revocation import', async () => {
    for (const m of mutants(readFileSync(src.licences.valid), rnd)) {
      const file = path.join(fresh('licence'), 'fuzz.licence.json');
      writeFileSync(file, m.bytes);
      await expectCli(`cli licence ${m.kind}`, EXPECTED.licence, ['licence', 'import', file]);
      const [uploaded] = (await upload({ 'fuzz.licence.json': m.bytes })).files;
      await expectApi(`http licence ${m.kind}`, EXPECTED.licence, 'licences.import', { path: uploaded });
    }
    for (const m of mutants(validRevocation, rnd)) {
      const file = path.join(fresh('revocation'), 'fuzz.revocation.json');
      writeFileSync(file, m.bytes);
      await expectCli(`cli revocation ${m.kind}`, EXPECTED.revocation, ['licence', 'revocation', 'import', file]);
    }
  });

  it('shot files and shots.save', async () => {
    for (const m of mutants(validShot, rnd)) {
      const file = path.join(fresh('shot'), 'shot.json');
      writeFileSync(file, m.bytes);
      // policy check reads the shot file the way render does (readShotFile); a valid shot is then judged by the gate.
      const r = await run('policy', 'check', '--shot', file);
      const code = CODE.exec(r.stderr)?.[1];
      if (r.code !== 0 && !EXPECTED.shot.includes(code as never)) {
        const why = `seed ${SEED}, cli shot ${m.kind}: ${r.stderr}`;
        expect(JSON.parse(m.bytes.toString('utf8')), why).toBeTypeOf('object');
        expect(code, why).not.toMatch(/^(INTERNAL|BUG)$/);
      }
      const raw = await post('/api/shots.save', Buffer.concat([Buffer.from('{"shot":'), m.bytes, Buffer.from('}')]));
      expect(raw.status, `seed ${SEED}, http shot ${m.kind}`).toBeLessThan(500);
      const saved = raw.json.ok ? 'ok' : raw.json.error?.code;
      expect(saved).toBeOneOf(['ok', 'INVALID_INPUT', 'SHOT_INVALID', 'SHOT_STALE', 'SHOT_CONFLICT']);
    }
  });

  it('verify FILE, including a header that claims 15000×15000', async () => {
    for (const [name, valid] of [
      ['out.png', images.png],
      ['out.jpg', images.jpeg],
    ] as const) {
      for (const m of mutants(valid, rnd)) {
        const file = path.join(fresh('verify'), name);
        writeFileSync(file, m.bytes);
        await expectCli(`cli verify ${name} ${m.kind}`, EXPECTED.verify, ['verify', file]);
      }
    }
    const claim = path.join(fresh('verify'), 'huge.png');
    writeFileSync(claim, pngClaiming(15_000, 15_000));
    const r = await run('verify', claim);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^IMAGE_TOO_LARGE: .*15000×15000/);
  });

  it('API paths: random method names and malformed escapes are refused as input, never a crash', async () => {
    const names = ['%', '%E0%A4%A', '%zz', '..%2f..', '__proto__', 'constructor', 'twins.list%00'];
    const escapes = () => [...randomBytes(rnd, 1 + int(rnd, 12))].map((b) => `%${b.toString(16)}`).join('');
    for (let i = 0; i < 20; i++) names.push(escapes());
    for (const name of names) {
      const { status, json } = await post(`/api/${name}`, '{}');
      expect({ name, status, code: json.error?.code }).toEqual({ name, status: 400, code: 'UNKNOWN_METHOD' });
    }
  });

  it('still answers afterwards', async () => {
    const info = await api('app.info', {});
    expect(info).toMatchObject({ status: 200, json: { ok: true } });
    const garments = await api('catalog.garments', {});
    expect(garments.json.ok).toBe(true);
  });
});
