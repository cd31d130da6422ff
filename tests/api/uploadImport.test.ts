import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudioHandlers } from '../../src/api/index.ts';
import { toStudioError } from '../../src/errors/index.ts';
import { writeUpload } from '../../src/server/upload.ts';
import type { Workspace } from '../../src/workspace/index.ts';
import { buildStudioWorkspace, type FixtureSources } from '../helpers/studioFixture.ts';

let dir: string;
let ws: Workspace;
let src: FixtureSources;
let handlers: ReturnType<typeof createStudioHandlers>['handlers'];

const b64 = (file: string) => readFileSync(file).toString('base64');
const uploads = () => path.join(ws.layout.tmp, 'uploads');
const left = () => (existsSync(uploads()) ? readdirSync(uploads()) : []);

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    return toStudioError(error);
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'studio-upload-'));
  ({ ws, src } = await buildStudioWorkspace(dir, { importAll: false }));
  await ws.twins.import(src.packDir);
  handlers = createStudioHandlers({ workspace: ws, mode: 'browser' }).handlers;
});
afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Browser-mode imports stage the picked files under tmp/uploads; the import removes them, and no message names them. */
describe('imports of uploaded files', () => {
  it('a garment whose image is not an image: refused by the file name, with no temp path, and the upload removed', async () => {
    const garment = src.garments[0]!;
    const staged = writeUpload(ws.layout.tmp, {
      files: [
        { name: 'garment.json', data: b64(path.join(garment, 'garment.json')) },
        { name: 'garment.png', data: Buffer.from('not a png at all').toString('base64') },
      ],
    });
    const error = await refusal(async () => handlers['catalog.importGarment']({ path: staged.dir }));
    expect(error.code).not.toBe('INTERNAL');
    expect(error.message).not.toContain(ws.layout.tmp);
    expect(error.message).not.toContain('uploads');
    expect(JSON.stringify(error.details)).not.toContain(ws.layout.tmp);
    expect(error.message).toContain('garment.png');
    expect(error.message).not.toContain('Input buffer');
    expect(existsSync(staged.dir)).toBe(false);
    expect(left()).toEqual([]);
  });

  it('a licence that is not JSON: refused by its name, upload removed', async () => {
    const staged = writeUpload(ws.layout.tmp, {
      files: [{ name: 'ada.licence.json', data: Buffer.from('{ nope').toString('base64') }],
    });
    const error = await refusal(async () => handlers['licences.import']({ path: staged.files[0]! }));
    expect(error.code).toBe('LICENCE_INVALID');
    expect(error.message).toContain('ada.licence.json');
    expect(error.message).not.toContain(ws.layout.tmp);
    expect(existsSync(staged.dir)).toBe(false);
  });

  it('a good upload is imported and its staging folder removed too', async () => {
    const scene = src.scenes[0]!;
    const staged = writeUpload(ws.layout.tmp, {
      files: readdirSync(scene).map((name) => ({ name, data: b64(path.join(scene, name)) })),
    });
    const view = await handlers['catalog.importScene']({ path: staged.dir });
    expect(view.image.startsWith('catalog/scenes/')).toBe(true);
    expect(existsSync(staged.dir)).toBe(false);
    expect(left()).toEqual([]);
  });

  it('a path outside the uploads folder is never removed', async () => {
    const error = await refusal(async () => handlers['catalog.importGarment']({ path: src.packDir }));
    expect(error.code).not.toBe('INTERNAL');
    expect(existsSync(src.packDir)).toBe(true);
  });
});
