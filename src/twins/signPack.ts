import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { sha256Hex, signObject, type KeyPairFile } from '../crypto/index.ts';
import { parseWith } from '../validation.ts';
import { openPackFiles } from './packSource.ts';
import { packManifestSchema, type PackManifest } from './pack.schema.ts';
import { MANIFEST_FILE } from './verifyPack.ts';

export type ManifestDraft = Omit<PackManifest, 'files' | 'ownerKeyId' | 'signature'>;

/**
 * The owner's side: hashes every file of the pack folder, names the owner key and signs `twin.json`.
 * Returns the signed manifest, which is also written into the folder.
 */
export function signPackFolder(dir: string, draft: ManifestDraft, ownerKey: KeyPairFile): PackManifest {
  const files = openPackFiles(dir);
  const hashes: Record<string, string> = {};
  for (const file of files.paths()) if (file !== MANIFEST_FILE) hashes[file] = sha256Hex(files.read(file));
  const unsigned = { ...draft, files: hashes, ownerKeyId: ownerKey.keyId };
  const manifest = parseWith(
    packManifestSchema,
    signObject(unsigned, ownerKey.privateKeyPem),
    'PACK_INVALID',
    `The manifest for ${draft.twinId}`,
  );
  writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Re-signs a folder whose twin.json already holds the draft fields (the `twin pack DIR` command). */
export function resignPackFolder(dir: string, ownerKey: KeyPairFile): PackManifest {
  const existing = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as PackManifest;
  const { files: _f, ownerKeyId: _k, signature: _s, ...draft } = existing;
  return signPackFolder(dir, draft, ownerKey);
}

/** Zips a pack folder into a `.twinpack`, deterministically (fixed timestamps, sorted entries). */
export function zipPackFolder(dir: string, outFile: string): void {
  const files = openPackFiles(dir);
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date('2020-01-01T00:00:00Z');
  for (const file of files.paths()) entries[file] = [files.read(file), { mtime }];
  writeFileSync(outFile, zipSync(entries, { level: 6 }));
}
