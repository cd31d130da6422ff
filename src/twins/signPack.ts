import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { sha256Hex, signObject, type KeyPairFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { parseJson, parseWith } from '../validation.ts';
import { openPackFiles, type PackFiles } from './packSource.ts';
import { packManifestSchema, type PackManifest } from './pack.schema.ts';
import { MANIFEST_FILE, readOnce, verifyPoses } from './verifyPack.ts';

export type ManifestDraft = Omit<PackManifest, 'files' | 'ownerKeyId' | 'signature'>;

/**
 * The owner's side: hashes every file of the pack folder, names the owner key and signs `twin.json`.
 * Returns the signed manifest, which is also written into the folder.
 */
export function signPackFolder(dir: string, draft: ManifestDraft, ownerKey: KeyPairFile): PackManifest {
  const manifest = signedManifest(openPackFiles(dir), draft, ownerKey);
  writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * `twin pack DIR`: re-signs a folder whose twin.json holds the draft fields, after checking the poses exactly as
 * `twin verify` will (same codes); a pack verify would refuse is not signed and its twin.json is left as it was.
 */
export async function checkAndSignPackFolder(dir: string, ownerKey: KeyPairFile): Promise<PackManifest> {
  const files = readOnce(openPackFiles(dir));
  const manifest = signedManifest(files, readDraft(dir), ownerKey);
  await verifyPoses(files, manifest);
  writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function signedManifest(files: PackFiles, draft: ManifestDraft, ownerKey: KeyPairFile): PackManifest {
  const dir = files.origin;
  const hashes: Record<string, string> = {};
  for (const file of files.paths()) if (file !== MANIFEST_FILE) hashes[file] = sha256Hex(files.read(file));
  const unsigned = { ...draft, files: hashes, ownerKeyId: ownerKey.keyId };
  return parseWith(
    packManifestSchema,
    signObject(unsigned, ownerKey.privateKeyPem),
    'PACK_INVALID',
    `The manifest for ${draft.twinId}`,
    { path: dir, file: MANIFEST_FILE },
  );
}

function readDraft(dir: string): ManifestDraft {
  const file = path.join(dir, MANIFEST_FILE);
  const what = `${MANIFEST_FILE} of ${dir}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new StudioError(
      'PACK_INVALID',
      `Twin pack folder ${dir} has no ${MANIFEST_FILE} to sign`,
      { path: dir, file: MANIFEST_FILE },
      { cause },
    );
  }
  const existing = parseJson(text, 'PACK_INVALID', what, { path: dir, file: MANIFEST_FILE }) as PackManifest;
  const { files: _f, ownerKeyId: _k, signature: _s, ...draft } = existing;
  return draft;
}

/** Re-signs a folder whose twin.json already holds the draft fields (no pose checks: see checkAndSignPackFolder). */
export function resignPackFolder(dir: string, ownerKey: KeyPairFile): PackManifest {
  return signPackFolder(dir, readDraft(dir), ownerKey);
}

/** Zips a pack folder into a `.twinpack`, deterministically (fixed timestamps, sorted entries). */
export function zipPackFolder(dir: string, outFile: string): void {
  const files = openPackFiles(dir);
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date('2020-01-01T00:00:00Z');
  for (const file of files.paths()) entries[file] = [files.read(file), { mtime }];
  writeFileSync(outFile, zipSync(entries, { level: 6 }));
}
