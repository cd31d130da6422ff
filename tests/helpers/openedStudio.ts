import path from 'node:path';
import { openStudio, type Studio } from '../../src/app/index.ts';
import { publicPart } from '../../src/crypto/index.ts';
import type { Licence } from '../../src/licences/index.ts';
import type { Shot } from '../../src/shots/index.ts';
import type { PackManifest } from '../../src/twins/index.ts';
import { makeLicence, makePackFolder, makeTrust, tempDir, type LicenceDraft, type TrustFixture } from './fixtures.ts';

export interface StudioFixture {
  studio: Studio;
  fx: TrustFixture;
  manifest: PackManifest;
  licence: Licence;
  shot: Shot;
  dir: string;
  cleanup(): void;
}

/** A studio with a trusted registry, one imported twin pack, one licence and one saved shot. */
export async function makeStudio(
  options: { licence?: Partial<LicenceDraft>; now?: () => Date } = {},
): Promise<StudioFixture> {
  const tmp = tempDir('twin-studio-');
  const fx = makeTrust();
  const now = options.now ?? (() => new Date('2026-11-23T10:00:00Z'));
  const studio = openStudio(path.join(tmp.dir, 'ws'), { now, env: { TWIN_STUDIO_USER: 'tester' } });
  studio.ws.trust.pinRegistryKey(publicPart(fx.registryKey));
  studio.ws.trust.saveOwnerList(fx.ownerList);
  const manifest = await makePackFolder(path.join(tmp.dir, 'pack'), fx.ownerKey);
  await studio.ws.twins.import(path.join(tmp.dir, 'pack'));
  const licence = await studio.ws.licences.import(makeLicence(fx.registryKey, manifest, options.licence));
  const shot = studio.ws.shots.save({
    format: 'shot/2',
    revision: 0,
    shotId: 'shot-1',
    name: 'Shot 1',
    scene: { sceneId: 'scene-1' },
    twin: {
      twinId: manifest.twinId,
      poseId: 'front',
      licenceId: licence.licenceId,
      transform: { x: 400, y: 600, scale: 8, rotation: 0 },
      hidden: false,
    },
    garments: [],
    look: { shadow: 0.5, harmonize: 0.5 },
    output: { width: 800, height: 1200 },
    use: { channel: 'ecommerce', territory: 'SE' },
    sku: 'SKU-1',
    labels: {},
  });
  return {
    studio,
    fx,
    manifest,
    licence,
    shot,
    dir: tmp.dir,
    cleanup: () => {
      studio.close();
      tmp.cleanup();
    },
  };
}
