import path from 'node:path';
import { BugError, expectedFor, StudioError } from '../errors/index.ts';
import { commitOutput, type CommitStep, type UsageRecord } from '../ledger/index.ts';
import { proofFee, proofTermsOf } from '../licences/index.ts';
import { createThumbnails, type OutputEntry } from '../outputs/index.ts';
import type { PolicyAllowed } from '../policy/index.ts';
import type { ForegroundMask, LabelPlan, ModelRef, StampFormat } from '../provenance/index.ts';
import type { ProvenanceKit } from './provenanceKit.ts';
import type { Shot } from '../shots/index.ts';
import type { VerifiedPack } from '../twins/index.ts';
import type { Studio } from './openStudio.ts';

export interface RenderedImage {
  rgba: Uint8Array;
  width: number;
  height: number;
  provider: string;
  /** Where the figure and garments lie (the render's foreground coverage): the badge keeps off it. */
  foreground?: ForegroundMask;
}

export interface OutputContext {
  shot: Shot;
  pack: Pick<VerifiedPack, 'manifest'>;
  decision: PolicyAllowed;
  models: ModelRef[];
  /** The usage id the watermark, the XMP and the record carry (reserved in the ledger). */
  usageId: string;
  /** Where the caller asked for the file (CLI --out); otherwise outputs/<shotId>/. Its extension picks the format. */
  target?: string;
  /** The label, laid out while the pixels rendered (planLabel). */
  labelPlan?: LabelPlan;
}

/** Where proofs are kept, under the workspace's outputs folder (served to the canvas, never catalogued). */
export const PROOFS_DIR = '.proofs';

const FORMAT_BY_EXTENSION: Record<string, StampFormat> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
};

function formatFor(target: string | undefined, fallback: StampFormat): StampFormat {
  if (!target) return fallback;
  const format = FORMAT_BY_EXTENSION[path.extname(target).toLowerCase()];
  if (!format)
    throw new StudioError(
      'OUTPUT_FORMAT_UNKNOWN',
      expectedFor('a file ending in .png, .jpg or .webp', 'the output', target),
      { target },
    );
  return format;
}

/**
 * The last step of every render: stamp the image (label, watermark, XMP, C2PA), then write the file, its
 * usage record and its catalogue row together. There is no path from a render to disk that skips this.
 */
export function createOutputWriter(deps: {
  studio: Studio;
  provenance: ProvenanceKit;
  format?: StampFormat;
  /** Called after each durable step of the commit: the crash tests' seam (src/cli/faultInjection.ts), nothing else. */
  afterCommitStep?: (step: CommitStep) => void;
}) {
  const { studio, provenance } = deps;
  const thumbnails = createThumbnails({ root: studio.ws.dir });

  const codeOf = (usageId: string): string =>
    provenance.watermarker.formatPayload(provenance.watermarker.payloadFromUsageId(usageId));

  /** Label (with the proof mark), watermark, XMP and C2PA over the rendered pixels, in place. */
  const stampImage = (image: RenderedImage, ctx: OutputContext, format: StampFormat) => {
    const { pack, decision, usageId } = ctx;
    const { manifest } = pack;
    const code = codeOf(usageId);
    return provenance.stamper.stamp({
      rgba: {
        data: Buffer.from(image.rgba.buffer, image.rgba.byteOffset, image.rgba.byteLength),
        width: image.width,
        height: image.height,
      },
      format,
      quality: 92,
      // The render's pixels are not used again: the stamp draws on them instead of on a copy.
      inPlace: true,
      ...(ctx.labelPlan ? { labelPlan: ctx.labelPlan } : {}),
      ...(image.foreground ? { foreground: image.foreground } : {}),
      usage: {
        usageId,
        code,
        twinId: manifest.twinId,
        displayName: manifest.displayName,
        licenceId: decision.licenceId,
        consentId: decision.consentId,
        licensor: `${manifest.owner.name}, ${manifest.owner.agency}`,
        modelIds: ctx.models,
      },
    });
  };

  return {
    /** Starts laying out the label of an output of this size before its pixels exist. */
    planLabel(plan: {
      width: number;
      height: number;
      usageId: string;
      pack: Pick<VerifiedPack, 'manifest'>;
    }): LabelPlan {
      return provenance.stamper.planLabel({
        width: plan.width,
        height: plan.height,
        usage: { displayName: plan.pack.manifest.displayName, code: codeOf(plan.usageId) },
      });
    },

    async write(image: RenderedImage, ctx: OutputContext): Promise<OutputEntry> {
      const { shot, pack, decision, usageId } = ctx;
      const { manifest } = pack;
      const format = formatFor(ctx.target, deps.format ?? 'png');
      const code = codeOf(usageId);
      const stamped = await stampImage(image, ctx, format);
      const file = ctx.target
        ? path.resolve(ctx.target)
        : path.join(
            studio.ws.layout.outputs,
            shot.shotId,
            `${shot.shotId}_${code.toLowerCase()}.${format === 'jpeg' ? 'jpg' : format}`,
          );
      const { db } = studio.ws;
      // The gallery's thumbnail is encoded on sharp's threads while the commit below writes and syncs the file, from
      // the stamped pixels (the stamp drew in place on them: the file's pixels, without decoding it again).
      const thumbnail = thumbnails
        .encode({ rgba: image.rgba, width: image.width, height: image.height })
        .catch(() => null);
      let entry: OutputEntry | undefined;
      commitOutput({
        ledger: studio.ledger,
        journal: studio.commits,
        ...(deps.afterCommitStep ? { afterStep: deps.afterCommitStep } : {}),
        finalPath: file,
        bytes: stamped.bytes,
        record: {
          id: usageId,
          kind: 'render',
          twinId: manifest.twinId,
          licenceId: decision.licenceId,
          shotId: shot.shotId,
          ref: null,
          use: { channel: shot.use.channel, territory: shot.use.territory },
          fee: { amount: decision.fee.perImage, currency: decision.fee.currency },
        },
        withRecord: {
          // IMMEDIATE: the transaction reads (quota, head) before it writes; begun deferred, it could not wait for
          // another process's writer and would fail with "database is locked" mid-commit.
          transaction: (fn) => db.transaction(fn).immediate(),
          write: (record) => {
            // The gate ran before the render; renders that ran side by side (a batch) may have spent the quota
            // since. The count taken here, inside the insert's transaction, is the one that decides.
            const { maxImages } = studio.ws.licences.get(decision.licenceId);
            const used = studio.ledger.imagesUsed(decision.licenceId);
            if (used > maxImages) {
              throw new StudioError(
                'QUOTA_EXHAUSTED',
                `Licence ${decision.licenceId} allows ${maxImages} images and they were used while this one rendered; nothing was recorded`,
                {
                  licenceId: decision.licenceId,
                  maxImages,
                  imagesUsed: used - 1,
                },
              );
            }
            entry = studio.outputs.add({
              outputId: record.id,
              shotId: shot.shotId,
              file,
              format,
              width: image.width,
              height: image.height,
              sha256: record.outputSha256,
              twinId: manifest.twinId,
              licenceId: decision.licenceId,
              sceneId: shot.scene.sceneId,
              poseId: shot.twin.poseId,
              provider: image.provider,
            });
          },
        },
      });
      if (!entry) throw new BugError('commitOutput returned without writing the outputs row', { usageId });
      // Stored once the output is in the catalogue. A cache: if it failed, the gallery makes it on first need.
      const thumbBytes = await thumbnail;
      try {
        if (thumbBytes) thumbnails.store(entry.outputId, thumbBytes);
      } catch {
        // A full disk or a read-only outputs/.thumbs: the output is committed; its thumbnail waits for first need.
      }
      return entry;
    },

    /**
     * A proof: stamped like every output (proof mark, watermark, XMP, C2PA), written under outputs/.proofs/ and
     * recorded as kind `proof` with the licence's proof fee. No catalogue row (the gallery, review and export never
     * see it) and no image of the quota; the per-day count taken inside the insert's transaction is the one that decides.
     */
    async writeProof(image: RenderedImage, ctx: OutputContext): Promise<{ file: string; record: UsageRecord }> {
      const { shot, decision, usageId } = ctx;
      const stamped = await stampImage(image, ctx, 'png');
      const file = path.join(studio.ws.layout.outputs, PROOFS_DIR, shot.shotId, `${usageId}.png`);
      const licence = studio.ws.licences.get(decision.licenceId);
      const { db } = studio.ws;
      const { record } = commitOutput({
        ledger: studio.ledger,
        journal: studio.commits,
        finalPath: file,
        bytes: stamped.bytes,
        record: {
          id: usageId,
          kind: 'proof',
          twinId: ctx.pack.manifest.twinId,
          licenceId: decision.licenceId,
          shotId: shot.shotId,
          ref: null,
          use: { channel: shot.use.channel, territory: shot.use.territory },
          fee: proofFee(licence),
        },
        withRecord: {
          transaction: (fn) => db.transaction(fn).immediate(),
          write: (record) => {
            const { perDay } = proofTermsOf(licence);
            const today = studio.ledger.proofsOn(decision.licenceId, new Date(record.at));
            if (today > perDay) {
              throw new StudioError(
                'PROOF_LIMIT_REACHED',
                `Licence ${decision.licenceId} allows ${perDay} proofs a day and they were made while this one rendered; nothing was recorded`,
                { licenceId: decision.licenceId, perDay, usedToday: today - 1 },
              );
            }
          },
        },
      });
      return { file, record };
    },
  };
}
export type OutputWriter = ReturnType<typeof createOutputWriter>;
