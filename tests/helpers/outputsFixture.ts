import path from 'node:path';
import { runningFixtureClock } from './clock.ts';
import sharp from 'sharp';
import { createProvenanceKit, openStudio, type ProvenanceKit, type Studio } from '../../src/app/index.ts';
import { commitOutput } from '../../src/ledger/index.ts';
import { signAsRegistry, type Licence } from '../../src/licences/index.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { formatPayload, payloadFromUsageId } from '../../src/provenance/watermark/index.ts';
import type { StampFormat } from '../../src/provenance/index.ts';
import type { Shot } from '../../src/shots/index.ts';
import type { PackManifest } from '../../src/twins/index.ts';
import { makeLicence, makePackFolder, makeTrust, tempDir, type TrustFixture } from './fixtures.ts';

export const APP_VERSION = '0.1.0-test';

export interface OutputsFixture {
  dir: string;
  workspaceDir: string;
  studio: Studio;
  kit: ProvenanceKit;
  trust: TrustFixture;
  manifest: PackManifest;
  /** `lic-a` covers shots shot-a1 and shot-a2, `lic-b` covers shot-b1: revoking one leaves the other. */
  licences: Record<'a' | 'b', Licence>;
  shots: Shot[];
  /** Renders one output of a shot the way the render service commits it (stamp → commitOutput → catalogue). */
  render(
    shotId: string,
    options?: { seed?: number; width?: number; height?: number; format?: StampFormat },
  ): Promise<OutputEntry>;
  /** A registry-signed revocation of the licence, in force from a minute ago. */
  revoke(licenceId: string, reason?: string): void;
  cleanup(): void;
}

/** A photo-like RGBA frame (backdrop gradient, a figure, grain) made with sharp; `seed` varies colours and grain. */
export async function photoFrame(
  width: number,
  height: number,
  seed: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const hue = (seed * 47) % 360;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">` +
    `<stop offset="0" stop-color="hsl(${hue},25%,88%)"/><stop offset="0.72" stop-color="hsl(${hue},22%,72%)"/><stop offset="1" stop-color="hsl(${hue},18%,45%)"/></linearGradient></defs>` +
    `<rect width="${width}" height="${height}" fill="url(#g)"/>` +
    `<ellipse cx="${width * 0.5}" cy="${height * 0.19}" rx="${width * 0.075}" ry="${height * 0.058}" fill="#c39274"/>` +
    `<rect x="${width * 0.47}" y="${height * 0.24}" width="${width * 0.06}" height="${height * 0.04}" fill="#b5856a"/>` +
    `<rect x="${width * 0.35}" y="${height * 0.27}" width="${width * 0.3}" height="${height * 0.38}" rx="${width * 0.05}" fill="hsl(${(hue + 180) % 360},45%,35%)"/>` +
    `<rect x="${width * 0.38}" y="${height * 0.64}" width="${width * 0.1}" height="${height * 0.3}" fill="#2a2a30"/>` +
    `<rect x="${width * 0.52}" y="${height * 0.64}" width="${width * 0.1}" height="${height * 0.3}" fill="#2a2a30"/>` +
    `<ellipse cx="${width * 0.5}" cy="${height * 0.95}" rx="${width * 0.2}" ry="${height * 0.012}" fill="rgba(0,0,0,0.25)"/></svg>`;
  const data = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < data.length; i += 4) {
    state = (state * 1664525 + 1013904223) >>> 0;
    const grain = ((state >>> 24) % 9) - 4;
    for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, (data[i + c] as number) + grain));
  }
  return { data, width, height };
}

function shotFor(shotId: string, licenceId: string, sku: string, poseId: string, use: Shot['use']): Shot {
  return {
    format: 'shot/2',
    revision: 0,
    shotId,
    name: `Shot ${shotId}`,
    scene: { sceneId: 'studio-grey' },
    twin: {
      twinId: 'twin-test',
      poseId,
      licenceId,
      transform: { x: 400, y: 600, scale: 1, rotation: 0 },
      hidden: false,
    },
    garments: [],
    look: { shadow: 0.5, harmonize: 0.5 },
    output: { width: 800, height: 1200 },
    use,
    sku,
    labels: {},
  };
}

/**
 * A signed workspace with one twin, two licences and three shots, plus a `render` that commits stamped
 * outputs exactly as the render service does (real watermark, real C2PA signing with a test CA).
 */
export async function makeOutputsFixture(
  options: { now?: () => Date; maxImages?: number } = {},
): Promise<OutputsFixture> {
  const tmp = tempDir('twin-outputs-');
  const workspaceDir = path.join(tmp.dir, 'ws');
  const trust = makeTrust();
  const manifest = await makePackFolder(path.join(tmp.dir, 'pack'), trust.ownerKey);
  const now = options.now ?? runningFixtureClock();
  const studio = openStudio(workspaceDir, { now, env: { TWIN_STUDIO_USER: 'ana@studio.example' } });
  studio.ws.trust.pinRegistryKey({ keyId: trust.registryKey.keyId, publicKeyPem: trust.registryKey.publicKeyPem });
  studio.ws.trust.saveOwnerList(trust.ownerList);
  await studio.ws.twins.import(path.join(tmp.dir, 'pack'));
  const licences = {
    a: makeLicence(trust.registryKey, manifest, { licenceId: 'lic-a', maxImages: options.maxImages ?? 100 }),
    b: makeLicence(trust.registryKey, manifest, {
      licenceId: 'lic-b',
      maxImages: options.maxImages ?? 100,
      fee: { perImage: 4500, currency: 'EUR' },
    }),
  };
  await studio.ws.licences.import(licences.a);
  await studio.ws.licences.import(licences.b);
  const shots = [
    shotFor('shot-a1', 'lic-a', 'SKU-100', 'front', { channel: 'ecommerce', territory: 'EU' }),
    shotFor('shot-a2', 'lic-a', 'SKU-200', 'front', { channel: 'social', territory: 'US' }),
    shotFor('shot-b1', 'lic-b', 'SKU-300', 'front', { channel: 'ecommerce', territory: 'SE' }),
  ].map((shot) => studio.ws.shots.save(shot));
  const kit = await createProvenanceKit({ workspaceDir, now, orgName: 'Test Studio', appVersion: APP_VERSION });
  let seeds = 0;

  async function render(
    shotId: string,
    opts: { seed?: number; width?: number; height?: number; format?: StampFormat } = {},
  ): Promise<OutputEntry> {
    const shot = studio.ws.shots.load(shotId);
    const licence = studio.ws.licences.get(shot.twin.licenceId);
    const width = opts.width ?? shot.output.width;
    const height = opts.height ?? shot.output.height;
    const format = opts.format ?? 'png';
    const rgba = await photoFrame(width, height, opts.seed ?? ++seeds);
    const usageId = studio.ledger.reserveId();
    const stamped = await kit.stamper.stamp({
      rgba,
      format,
      usage: {
        usageId,
        code: formatPayload(payloadFromUsageId(usageId)),
        twinId: shot.twin.twinId,
        displayName: manifest.displayName,
        licenceId: licence.licenceId,
        consentId: licence.consentId,
        licensor: manifest.owner.agency,
        modelIds: [{ id: 'tps-warp', sha256: 'a'.repeat(64) }],
      },
    });
    const ext = format === 'jpeg' ? 'jpg' : format;
    const finalPath = path.join(studio.ws.layout.outputs, shotId, `${usageId}.${ext}`);
    commitOutput({
      ledger: studio.ledger,
      finalPath,
      bytes: stamped.bytes,
      record: {
        id: usageId,
        kind: 'render',
        twinId: shot.twin.twinId,
        licenceId: licence.licenceId,
        shotId,
        ref: null,
        use: shot.use,
        fee: { amount: licence.fee.perImage, currency: licence.fee.currency },
      },
    });
    return studio.outputs.add({
      outputId: usageId,
      shotId,
      file: finalPath,
      format,
      width,
      height,
      sha256: stamped.sha256,
      twinId: shot.twin.twinId,
      licenceId: licence.licenceId,
      sceneId: shot.scene.sceneId,
      provider: 'cpu',
    });
  }

  function revoke(licenceId: string, reason = 'the model withdrew this brand'): void {
    const revokedAt = new Date(studio.ws.now().getTime() - 60_000).toISOString();
    studio.ws.licences.addRevocation(
      signAsRegistry(
        { format: 'revocation/1' as const, revocationId: `rev-${licenceId}`, licenceId, revokedAt, reason },
        trust.registryKey,
      ),
    );
  }

  return {
    dir: tmp.dir,
    workspaceDir,
    studio,
    kit,
    trust,
    manifest,
    licences,
    shots,
    render,
    revoke,
    cleanup() {
      studio.close();
      tmp.cleanup();
    },
  };
}
