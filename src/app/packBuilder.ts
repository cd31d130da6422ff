import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readKeyPairFile } from '../crypto/index.ts';
import type { PackBuiltView, PackDraftView } from '../contract/index.ts';
import { StudioError } from '../errors/index.ts';
import type { TrustStore } from '../trust/index.ts';
import { MANIFEST_FILE, signPackFolder, verifyPack, type ManifestDraft } from '../twins/index.ts';
import { packManifestSchema, poseFiles } from '../twins/pack.schema.ts';
import { parseWith } from '../validation.ts';

const draftSchema = packManifestSchema.omit({ files: true, ownerKeyId: true, signature: true });

/** Poses saved into `poses/` (a keypoints JSON beside its PNG, and its front-parts mask when there is one), by id. */
function posesIn(packDir: string): { poseId: string; image: string; keypoints: string; front?: string }[] {
  const dir = path.join(packDir, 'poses');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && existsSync(path.join(dir, f.replace(/\.json$/, '.png'))))
    .sort()
    .map((f) => {
      const poseId = f.replace(/\.json$/, '');
      return { poseId, ...poseFiles(poseId, existsSync(path.join(dir, `${poseId}.front.png`))) };
    });
}

function readManifest(packDir: string): Record<string, unknown> | null {
  const file = path.join(packDir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new StudioError(
      'PACK_INVALID',
      `${file} is not JSON: fix or remove it, then open the folder again`,
      {
        path: packDir,
        file: MANIFEST_FILE,
      },
      { cause },
    );
  }
}

/** What the pack builder's form starts from: the folder's twin.json fields (if any) and the poses saved in it. */
export function readPackDraft(packDir: string): PackDraftView {
  if (!existsSync(packDir))
    throw new StudioError('PATH_NOT_FOUND', `Expected a pack folder at ${packDir}; there is none`, { path: packDir });
  const manifest = readManifest(packDir);
  const { files: _f, ownerKeyId: _k, signature, ...draft } = manifest ?? {};
  return {
    packDir,
    draft: manifest ? draft : null,
    signed: typeof signature === 'string',
    poses: posesIn(packDir).map((p) => p.poseId),
  };
}

/**
 * Signs a pack folder with the owner's key from the builder's form. The draft is checked with the pack's own
 * schema (PACK_INVALID, naming the field), then the signed folder is verified as `twin verify` would (the same
 * codes), with the signing key standing in for the registry's owner list; a refusal leaves twin.json as it was.
 */
export async function buildPack(
  input: { packDir: string; keyPath: string; draft: Record<string, unknown> },
  trust: TrustStore,
): Promise<PackBuiltView> {
  const { packDir } = input;
  const previous = readManifest(packDir);
  const names = new Map(
    ((previous?.poses as { poseId?: string; name?: string }[] | undefined) ?? []).map((p) => [p.poseId, p.name]),
  );
  const poses = posesIn(packDir).map((p) => ({ ...p, name: names.get(p.poseId) ?? p.poseId }));
  if (poses.length === 0)
    throw new StudioError('PACK_INVALID', `Expected at least one pose in ${packDir}/poses; save a pose there first`, {
      path: packDir,
      field: 'poses',
    });
  const draft: ManifestDraft = parseWith(
    draftSchema,
    { ...input.draft, format: 'twinpack/1', poses },
    'PACK_INVALID',
    `The pack ${String(input.draft.twinId ?? packDir)}`,
    { path: packDir },
  );
  const key = readKeyPairFile(input.keyPath);
  const manifestFile = path.join(packDir, MANIFEST_FILE);
  const before = existsSync(manifestFile) ? readFileSync(manifestFile) : null;
  signPackFolder(packDir, draft, key);
  const known = trust.ownerKey(key.keyId);
  const withKey: TrustStore = {
    ...trust,
    ownerKey: (keyId) =>
      trust.ownerKey(keyId) ??
      (keyId === key.keyId ? { keyId, publicKeyPem: key.publicKeyPem, ...draft.owner } : undefined),
  };
  try {
    const verified = await verifyPack(packDir, withKey);
    return {
      twinId: verified.manifest.twinId,
      ownerKeyId: key.keyId,
      files: Object.keys(verified.manifest.files).length,
      poses: verified.poses.map((p) => p.poseId),
      ownerTrusted: known !== undefined,
    };
  } catch (error) {
    if (before) writeFileSync(manifestFile, before);
    else rmSync(manifestFile, { force: true });
    throw error;
  }
}
