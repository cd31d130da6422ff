import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type GarmentView, type LicenceStatus, type SceneView, type TwinView } from '../contract/index.ts';
import { type Garment, garmentKeypoints } from '../catalog/garment.schema.ts';
import type { Scene } from '../catalog/scene.schema.ts';
import { StudioError } from '../errors/index.ts';
import { parseJson } from '../validation.ts';
import { figureRows } from '../shots/index.ts';
import type { VerifiedPack } from '../twins/index.ts';
import type { Workspace } from '../workspace/index.ts';
import type { EventHub } from './events.ts';
import { importFrom } from './stagedImport.ts';
import { licenceStatus, refusalFromError } from './licenceStatus.ts';
import type { UsageCounter } from './services.ts';

/** Workspace-relative, forward-slash paths: each transport maps them to a URL it serves. */
const rel = (ws: Workspace, file: string): string => path.relative(ws.dir, file).split(path.sep).join('/');

export function garmentView(ws: Workspace, g: Garment): GarmentView {
  const { garmentId, sku, name, category, layer, width, height } = g;
  // Its own body points where it has them; else the body the render fits it to, at the joints its body spans (the
  // canvas previews it as the Ingest view does, and a one-piece fit pairs the same points).
  const keypoints = garmentKeypoints(g);
  return {
    garmentId,
    sku,
    name,
    category,
    layer,
    width,
    height,
    keypoints,
    image: rel(ws, path.join(ws.layout.garment(garmentId), g.image)),
  };
}

export function sceneView(ws: Workspace, s: Scene): SceneView {
  const { sceneId, name, kind, width, height, floorY, twinHeight, light } = s;
  return {
    sceneId,
    name,
    kind,
    width,
    height,
    floorY,
    twinHeight,
    light,
    image: rel(ws, path.join(ws.layout.scene(sceneId), s.image)),
  };
}

export function createLibraryHandlers(deps: { ws: Workspace; usage: UsageCounter; hub: EventHub }) {
  const { ws, usage, hub } = deps;

  // Where each pose's soles are, so the canvas stands a twin on the floor as a new shot does: decoded once per image.
  const soles = new Map<string, Promise<{ solesY?: number }>>();
  function solesOf(pack: VerifiedPack, sha256: string | undefined, image: string): Promise<{ solesY?: number }> {
    const key = sha256 ?? image;
    let found = soles.get(key);
    if (!found) {
      // A pose image figureRows cannot read leaves the ankles to stand in.
      found = figureRows(pack.files.read(image)).then(
        ({ solesY }) => ({ solesY }),
        () => ({}),
      );
      if (sha256) soles.set(key, found);
    }
    return found;
  }

  async function twinView(twinId: string): Promise<TwinView> {
    const summary = ws.twins.list().find((t) => t.twinId === twinId);
    if (!summary)
      throw new StudioError('TWIN_NOT_FOUND', `Twin ${twinId} is not in this workspace; import its pack first`, {
        twinId,
      });
    const check = await ws.twins.check(twinId);
    const licences = ws.licences.list(twinId).map((l) => licenceStatus(ws, l, check, usage));
    if (!check.ok) {
      return {
        twinId,
        displayName: summary.displayName,
        ownerName: summary.ownerName,
        agency: '',
        consentId: summary.consentId,
        consentValidUntil: '',
        prohibitedCategories: [],
        importedAt: summary.importedAt,
        poses: [],
        licences,
        problem: refusalFromError(check.error),
      };
    }
    const { manifest, pack } = check;
    return {
      twinId,
      displayName: manifest.displayName,
      ownerName: manifest.owner.name,
      agency: manifest.owner.agency,
      consentId: manifest.consent.consentId,
      consentValidUntil: manifest.consent.validUntil,
      prohibitedCategories: [...manifest.consent.prohibited.categories],
      importedAt: summary.importedAt,
      poses: await Promise.all(
        pack.poses.map(async (p) => ({
          poseId: p.poseId,
          name: p.name,
          image: rel(ws, path.join(ws.layout.twin(twinId), ...p.image.split('/'))),
          width: p.width,
          height: p.height,
          keypoints: p.keypoints,
          ...(await solesOf(pack, manifest.files[p.image], p.image)),
        })),
      ),
      licences,
      problem: null,
    };
  }

  async function statusesOf(twinId?: string): Promise<LicenceStatus[]> {
    const licences = ws.licences.list(twinId);
    const out: LicenceStatus[] = [];
    const checks = new Map<string, Awaited<ReturnType<typeof ws.twins.check>>>();
    for (const l of licences) {
      if (!checks.has(l.twinId)) checks.set(l.twinId, await ws.twins.check(l.twinId));
      out.push(licenceStatus(ws, l, checks.get(l.twinId)!, usage));
    }
    return out;
  }

  return {
    'twins.list': async () => Promise.all(ws.twins.list().map((t) => twinView(t.twinId))),
    'twins.import': ({ path: location }: { path: string }) =>
      importFrom(ws.layout.tmp, location, async () => {
        const summary = await ws.twins.import(location);
        hub.publish({ type: 'library.changed', what: 'twins' });
        return twinView(summary.twinId);
      }),
    'licences.list': async ({ twinId }: { twinId?: string }) => statusesOf(twinId),
    'licences.status': async ({ twinId }: { twinId: string }) => {
      if (!ws.twins.has(twinId))
        throw new StudioError('TWIN_NOT_FOUND', `Twin ${twinId} is not in this workspace; import its pack first`, {
          twinId,
        });
      return statusesOf(twinId);
    },
    'licences.import': ({ path: file }: { path: string }) =>
      importFrom(ws.layout.tmp, file, async () => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (cause) {
          throw new StudioError(
            'LICENCE_NOT_FOUND',
            `Expected a licence file at ${file}: ${(cause as Error).message}`,
            { file },
            { cause },
          );
        }
        const licence = await ws.licences.import(parseJson(text, 'LICENCE_INVALID', `Licence file ${file}`, { file }));
        hub.publish({ type: 'library.changed', what: 'licences' });
        return licenceStatus(ws, licence, await ws.twins.check(licence.twinId), usage);
      }),
    'catalog.garments': () => ws.catalog.garments().map((g) => garmentView(ws, g)),
    'catalog.scenes': () => ws.catalog.scenes().map((s) => sceneView(ws, s)),
    'catalog.importGarment': ({ path: dir }: { path: string }) =>
      importFrom(ws.layout.tmp, dir, async () => {
        const g = await ws.catalog.importGarment(dir);
        hub.publish({ type: 'library.changed', what: 'garments' });
        return garmentView(ws, g);
      }),
    'catalog.importScene': ({ path: dir }: { path: string }) =>
      importFrom(ws.layout.tmp, dir, async () => {
        const s = await ws.catalog.importScene(dir);
        hub.publish({ type: 'library.changed', what: 'scenes' });
        return sceneView(ws, s);
      }),
  };
}
