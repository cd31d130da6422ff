import path from 'node:path';
import type { OutputsService } from '../api/index.ts';
import type { OutputView, VerifyReport } from '../contract/index.ts';
import { createThumbnails, type OutputEntry } from '../outputs/index.ts';
import type { Studio } from './openStudio.ts';
import type { ProvenanceKit } from './provenanceKit.ts';
import { verifyOutputFile } from './verifyOutput.ts';

type TwinNames = ReadonlyMap<string, string>;

/** The twins' display names, read once for a whole page (never once per output). */
function twinNames(studio: Studio): TwinNames {
  return new Map(studio.ws.twins.list().map((t) => [t.twinId, t.displayName]));
}

function toView(studio: Studio, o: OutputEntry, names: TwinNames, thumbnail: string | null): OutputView {
  return {
    outputId: o.outputId,
    shotId: o.shotId,
    jobId: null,
    file: path.relative(studio.ws.dir, o.file).split(path.sep).join('/'),
    thumbnail,
    width: o.width,
    height: o.height,
    createdAt: o.createdAt,
    label: `AI-generated · digital twin of ${names.get(o.twinId) ?? o.twinId}`,
    twinId: o.twinId,
    licenceId: o.licenceId,
    usageId: o.outputId,
    sceneId: o.sceneId,
    poseId: o.poseId,
    state: o.state,
    stateBy: o.stateBy,
    stateAt: o.stateAt,
    stateComment: o.stateComment,
    rating: o.rating,
    colour: o.colour,
  };
}

/** One output as the UI sees it, with its thumbnail when one has been made. */
export function outputView(studio: Studio, o: OutputEntry): OutputView {
  return toView(studio, o, twinNames(studio), createThumbnails({ root: studio.ws.dir }).existing(o.outputId));
}

/** The outputs gallery and its provenance panel, over the outputs catalogue and `verify`. */
export function createOutputsService(deps: {
  studio: Studio;
  provenance: Pick<ProvenanceKit, 'watermarker' | 'labels'>;
}): OutputsService {
  const { studio, provenance } = deps;
  const thumbnails = createThumbnails({ root: studio.ws.dir });
  return {
    async list(filter) {
      const names = twinNames(studio);
      return studio.outputs
        .list({ ...(filter.shotId ? { shotId: filter.shotId } : {}), ...(filter.state ? { state: filter.state } : {}) })
        .map((o) => toView(studio, o, names, thumbnails.existing(o.outputId)));
    },
    /** A page with thumbnails: those missing (outputs from before thumbnails) are made now, once, and kept. */
    async page(filter) {
      const { items, nextCursor } = studio.outputs.page(filter);
      const names = twinNames(studio);
      const thumbs = await Promise.all(items.map((o) => thumbnails.ensure(o)));
      return { items: items.map((o, i) => toView(studio, o, names, thumbs[i] ?? null)), nextCursor };
    },
    async verify(outputId): Promise<VerifyReport> {
      const entry = studio.outputs.get(outputId);
      const v = await verifyOutputFile(entry.file, { studio, provenance });
      const i = v.inspection;
      const r = v.record;
      const checks = [
        {
          name: 'Visible label',
          ok: i.labelPresent === true,
          detail:
            i.labelPresent === null
              ? 'unknown: no XMP to rebuild the badge from'
              : i.labelPresent
                ? 'badge and tiled mark present'
                : 'missing or altered',
        },
        {
          name: 'XMP provenance',
          ok: Boolean(i.xmp?.digitalSourceType),
          detail: i.xmp
            ? `${i.xmp.digitalSourceType ?? 'no DigitalSourceType'}; usage ${i.xmp.usageId ?? '?'}`
            : 'none',
        },
        {
          name: 'C2PA Content Credentials',
          ok: i.c2pa.present && i.c2pa.valid,
          detail: i.c2pa.present
            ? `${i.c2pa.valid ? 'valid' : 'invalid'}${i.c2pa.untrustedSigner ? ', signed by the studio’s own certificate (not on a public trust list)' : ''}`
            : 'none (WebP carries XMP and watermark only)',
        },
        {
          name: 'Invisible watermark',
          ok: i.watermark.found && i.watermark.matchesXmp !== false,
          detail: i.watermark.found ? `carries ${i.watermark.payload}` : 'not found',
        },
        {
          name: 'Ledger record',
          ok: Boolean(r.found && r.fileHashMatches && r.signatureValid && r.chain?.ok),
          detail: r.record
            ? `seq ${r.record.seq}, ${r.record.kind} on ${r.record.at}; file hash ${r.fileHashMatches ? 'matches' : 'differs'}; chain ${r.chain?.ok ? 'verifies' : 'broken'}`
            : 'not in this workspace',
        },
      ];
      return {
        outputId,
        ok: v.problems.length === 0,
        checks,
        facts: {
          file: v.file,
          sha256: v.sha256,
          problems: v.problems,
          usageId: i.xmp?.usageId ?? null,
          twinId: i.xmp?.twinId ?? null,
          licenceId: i.xmp?.licenceId ?? null,
        },
      };
    },
  };
}
