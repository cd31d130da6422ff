import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { StudioError } from '../errors/index.ts';
import { removeLabel, storedProvenance } from '../export/index.ts';
import type { LabelRenderer } from '../provenance/index.ts';
import type { Studio } from './openStudio.ts';

/** Where the clean views are cached: beside the thumbnails, a cache that export never reads. */
export const CLEAN_VIEW = { dir: 'outputs/.clean' } as const;
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The retoucher's clean view: the output's pixels with the tiled proof mark taken out and the badge drawn back
 * alone, so nothing but the disclosure covers the figure. It is for looking at in the studio only: a PNG in the
 * workspace cache (no XMP, no C2PA), made once per output, which export never reads (export starts from the stamped
 * file and its ledger record every time).
 */
export function createCleanViews(deps: { studio: Studio; labels: LabelRenderer }) {
  const { studio, labels } = deps;
  const dir = path.join(studio.ws.dir, ...CLEAN_VIEW.dir.split('/'));
  const making = new Map<string, Promise<string>>();

  async function make(outputId: string, target: string): Promise<string> {
    const entry = studio.outputs.get(outputId);
    const bytes = readFileSync(entry.file);
    const twin = studio.ws.twins.list().find((t) => t.twinId === entry.twinId);
    const stored = await storedProvenance(bytes, outputId, {
      displayName: twin?.displayName ?? entry.twinId,
      licensor: twin?.ownerName ?? 'unknown',
      consentId: twin?.consentId ?? 'unknown',
      twinId: entry.twinId,
      licenceId: entry.licenceId,
    });
    const relative = path.relative(studio.ws.dir, entry.file).split(path.sep).join('/');
    // A file without the proof mark is already what the retoucher wants.
    if (!stored.label.proofMark) return relative;
    const { data, info } = await sharp(bytes).toColourspace('srgb').ensureAlpha().raw().toBuffer({
      resolveWithObject: true,
    });
    const image = { data, width: info.width, height: info.height };
    const request = { wording: stored.disclosure, code: stored.usage.code };
    const unlabelled = await removeLabel(labels, image, {
      ...request,
      inPlace: true,
      proofMark: true,
      ...(stored.label.corner ? { corners: [stored.label.corner] } : {}),
    });
    if (!unlabelled.corner)
      throw new StudioError(
        'CLEAN_VIEW_UNAVAILABLE',
        `Expected the label of output ${outputId} where its XMP puts it, but its pixels do not match any corner; ` +
          'review it with the proof mark, or render the shot again',
        { outputId },
      );
    await labels.drawLabel(
      image,
      { ...request, displayName: stored.usage.displayName, corner: unlabelled.corner },
      { inPlace: true, proofMark: false },
    );
    const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    mkdirSync(dir, { recursive: true });
    const part = `${target}.${process.pid}.part`;
    try {
      writeFileSync(part, png);
      renameSync(part, target);
    } finally {
      rmSync(part, { force: true });
    }
    return `${CLEAN_VIEW.dir}/${outputId}.png`;
  }

  return {
    /** The workspace-relative path of the output's clean view, made on first need. */
    async clean(outputId: string): Promise<string> {
      const entry = studio.outputs.get(outputId);
      if (!SAFE_ID.test(outputId))
        throw new StudioError('OUTPUT_NOT_FOUND', `No output ${outputId} in this workspace`, { outputId });
      const target = path.join(dir, `${outputId}.png`);
      if (existsSync(target)) return `${CLEAN_VIEW.dir}/${outputId}.png`;
      if (!existsSync(entry.file))
        throw new StudioError(
          'OUTPUT_FILE_MISSING',
          `The file of output ${outputId} is missing; 'twin-studio outputs list' names it`,
          {
            outputId,
          },
        );
      const pending = making.get(outputId) ?? make(outputId, target).finally(() => making.delete(outputId));
      making.set(outputId, pending);
      return pending;
    },
  };
}
export type CleanViews = ReturnType<typeof createCleanViews>;
