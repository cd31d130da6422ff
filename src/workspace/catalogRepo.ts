import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { garmentSchema, type Garment } from '../catalog/garment.schema.ts';
import { sceneSchema, type Scene } from '../catalog/scene.schema.ts';
import { StudioError, type ErrorCode } from '../errors/index.ts';
import { checkSceneImage } from '../catalog/sceneImage.ts';
import { probeImage, type ImageInfo } from '../imaging/index.ts';
import type { Db } from '../storage/index.ts';
import { parseJson, parseWith } from '../validation.ts';
import type { WorkspaceLayout } from './layout.ts';

/** Reads `<dir>/<jsonName>` and its image, checks each and then both together (`check`), and copies them in. */
async function importItem<S extends z.ZodType<{ image: string; width: number; height: number }>>(
  source: string,
  jsonName: string,
  schema: S,
  code: ErrorCode,
  targetOf: (item: z.infer<S>) => string,
  tmp: string,
  check: (item: z.infer<S>, info: ImageInfo, imageFile: string) => void,
): Promise<z.infer<S>> {
  const jsonFile = path.join(source, jsonName);
  let text: string;
  try {
    text = readFileSync(jsonFile, 'utf8');
  } catch (cause) {
    throw new StudioError(code, `Expected ${jsonFile}: ${(cause as Error).message}`, { file: jsonFile }, { cause });
  }
  const item = parseWith(schema, parseJson(text, code, jsonFile, { file: jsonFile }), code, jsonFile, {
    file: jsonFile,
  });
  if (item.image.includes('/') || item.image.includes('\\') || item.image.startsWith('.')) {
    throw new StudioError(code, `${jsonFile} names image ${JSON.stringify(item.image)}; it must be a file beside it`, {
      file: jsonFile,
      field: 'image',
    });
  }
  const imageFile = path.join(source, item.image);
  let data: Buffer;
  try {
    data = readFileSync(imageFile);
  } catch (cause) {
    throw new StudioError(
      code,
      `${jsonFile} names ${item.image}, which cannot be read: ${(cause as Error).message}`,
      { file: imageFile },
      { cause },
    );
  }
  const info = await probeImage(data, imageFile, { file: imageFile });
  if (info.width !== item.width || info.height !== item.height) {
    throw new StudioError(
      code,
      `${imageFile} is ${info.width}×${info.height} but ${jsonName} says ${item.width}×${item.height}`,
      { file: imageFile },
    );
  }
  check(item, info, imageFile);
  const target = targetOf(item);
  const staging = path.join(tmp, `${path.basename(target)}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(jsonFile, path.join(staging, jsonName));
  copyFileSync(imageFile, path.join(staging, item.image));
  rmSync(target, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  renameSync(staging, target);
  return item;
}

export interface CatalogImage<T> {
  item: T;
  imagePath: string;
}

/** The garment and scene catalog: each item a folder with its JSON and image. */
export function createCatalogRepo(deps: { db: Db; layout: WorkspaceLayout; now: () => Date }) {
  const { db, layout, now } = deps;
  return {
    async importGarment(dir: string): Promise<Garment> {
      const target = (g: Garment) => layout.garment(g.garmentId);
      const needsAlpha = (g: Garment, info: ImageInfo, file: string) => {
        if (info.hasAlpha) return;
        const message = `Expected an RGBA cut-out for garment ${g.garmentId} but ${file} has no alpha`;
        throw new StudioError('GARMENT_INVALID', message, { garmentId: g.garmentId, file, field: 'image' });
      };
      const code = 'GARMENT_INVALID';
      const item = await importItem(dir, 'garment.json', garmentSchema, code, target, layout.tmp, needsAlpha);
      db.prepare(
        'INSERT INTO garments (garment_id, category, body, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT(garment_id) DO UPDATE SET category = excluded.category, body = excluded.body',
      ).run(item.garmentId, item.category, JSON.stringify(item), now().toISOString());
      return item;
    },
    async importScene(dir: string): Promise<Scene> {
      const target = (s: Scene) => layout.scene(s.sceneId);
      const code = 'SCENE_INVALID';
      const item = await importItem(dir, 'scene.json', sceneSchema, code, target, layout.tmp, checkSceneImage);
      db.prepare(
        'INSERT INTO scenes (scene_id, body, imported_at) VALUES (?, ?, ?) ON CONFLICT(scene_id) DO UPDATE SET body = excluded.body',
      ).run(item.sceneId, JSON.stringify(item), now().toISOString());
      return item;
    },
    garments(): Garment[] {
      return (db.prepare('SELECT body FROM garments ORDER BY category, garment_id').all() as { body: string }[]).map(
        (r) => garmentSchema.parse(JSON.parse(r.body)),
      );
    },
    scenes(): Scene[] {
      return (db.prepare('SELECT body FROM scenes ORDER BY scene_id').all() as { body: string }[]).map((r) =>
        sceneSchema.parse(JSON.parse(r.body)),
      );
    },
    garment(garmentId: string): CatalogImage<Garment> {
      const row = db.prepare('SELECT body FROM garments WHERE garment_id = ?').get(garmentId) as
        { body: string } | undefined;
      if (!row) throw new StudioError('GARMENT_NOT_FOUND', `Garment ${garmentId} is not in the catalog`, { garmentId });
      const item = garmentSchema.parse(JSON.parse(row.body));
      return { item, imagePath: path.join(layout.garment(garmentId), item.image) };
    },
    scene(sceneId: string): CatalogImage<Scene> {
      const row = db.prepare('SELECT body FROM scenes WHERE scene_id = ?').get(sceneId) as { body: string } | undefined;
      if (!row) throw new StudioError('SCENE_NOT_FOUND', `Scene ${sceneId} is not in the catalog`, { sceneId });
      const item = sceneSchema.parse(JSON.parse(row.body));
      return { item, imagePath: path.join(layout.scene(sceneId), item.image) };
    },
  };
}
export type CatalogRepo = ReturnType<typeof createCatalogRepo>;
