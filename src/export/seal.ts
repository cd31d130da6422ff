import path from 'node:path';
import { writeFileAtomic } from '../workspace/index.ts';
import { LABELS_FILE, labelsCsv, MANIFEST_FILE, manifestJson, type HeldBack, type LabelRow } from './labels.ts';
import type { ExportPreset } from './preset.schema.ts';
import { writeDeterministicZip } from './zip.ts';

/**
 * Closes a batch: manifest.json and labels.csv for every image in it (sorted by file name), and with `zip` the
 * images and both files in one deterministic archive. Returns the rows in the order written.
 */
export function sealBatch(deps: {
  dir: string;
  preset: ExportPreset;
  images: readonly LabelRow[];
  heldBack: readonly HeldBack[];
  zip?: string;
}): LabelRow[] {
  const { dir, preset, heldBack, zip } = deps;
  const images = [...deps.images].sort((a, b) => a.file.localeCompare(b.file));
  writeFileAtomic(path.join(dir, MANIFEST_FILE), manifestJson(preset, images, heldBack));
  writeFileAtomic(path.join(dir, LABELS_FILE), labelsCsv(images));
  if (zip) writeDeterministicZip(zip, dir, [...images.map((r) => r.file), MANIFEST_FILE, LABELS_FILE]);
  return images;
}
