import { GARMENT_CATEGORIES, type GarmentCategory } from '../../catalog/garment.schema.ts';
import { REQUIRED_LANDMARKS } from '../../catalog/garmentLandmarks.ts';
import type { Clock } from '../../clock/index.ts';
import { cutOutInWorker } from '../../ingest/cutout/inWorker.ts';
import type { PoseEstimator } from '../../ingest/poseEstimator.ts';
import { prepareGarment, prepareTwinPoses, type CutOut } from '../../ingest/prepare.ts';
import { JSON_OPTION, report, stringFlag, type Command, type CommandContext } from '../command.ts';
import { progressLine } from '../progress.ts';
import { flagError, usageError } from '../run.ts';

export interface IngestDeps {
  /**
   * Builds the body pose estimator. The CLI's composition root passes the real one (src/ingest/pose:
   * `createPoseEstimator({ modelsDir })`); tests pass one that returns known keypoints.
   */
  poseEstimator: () => Promise<PoseEstimator> | PoseEstimator;
  /** Cuts a photo out; a worker thread by default. */
  cutOut?: CutOut;
  /** Measures progress lines' elapsed time (wall clock; never decides anything). */
  elapsed?: Clock;
}

const elapsedSince = (clock: Clock): (() => number) => {
  const start = clock().getTime();
  return () => clock().getTime() - start;
};

function category(ctx: CommandContext): GarmentCategory {
  const value = stringFlag(ctx, 'category');
  if (!value) throw usageError('--category CATEGORY is required');
  if (!(GARMENT_CATEGORIES as readonly string[]).includes(value)) {
    throw flagError('category', `one of ${GARMENT_CATEGORIES.join(', ')}`, value);
  }
  return value as GarmentCategory;
}

/** `twin prepare PHOTO... --out DIR`: studio photos to poses of a pack folder (cut-out + keypoints). */
export function createTwinPrepareCommand(deps: IngestDeps): Command {
  return {
    words: ['twin', 'prepare'],
    summary: 'cut studio photos out and estimate their body keypoints, as poses of a twin pack folder',
    usage: 'twin prepare PHOTO... --out DIR [--json]',
    options: { ...JSON_OPTION, out: { type: 'string' } },
    async run(ctx) {
      const outDir = stringFlag(ctx, 'out');
      if (ctx.args.length === 0 || !outDir) throw usageError('one or more photos and --out DIR are required');
      const cutOut = deps.cutOut ?? ((bytes, options) => cutOutInWorker(bytes, options));
      const elapsed = elapsedSince(deps.elapsed ?? ctx.io.now);
      const total = ctx.args.length;
      const estimator = await deps.poseEstimator();
      try {
        ctx.io.err(progressLine(0, total, 0));
        const poses = await prepareTwinPoses({
          photos: ctx.args,
          outDir,
          cutOut,
          estimator,
          onPhoto: (index, fraction, photo) => {
            if (fraction === 1) ctx.io.err(progressLine(index + 1, total, elapsed(), photo));
          },
        });
        report(ctx, { poses }, () => [
          ...poses.map(
            (p) =>
              `pose ${p.poseId}: ${p.image} (${p.crop.width}×${p.crop.height} at ${p.crop.x},${p.crop.y}), ` +
              `coverage ${Math.round(p.alphaCoverage * 100)} %, mean keypoint confidence ${p.meanConfidence}` +
              (p.front ? `; front parts suggested: ${p.front}` : ''),
          ),
          `${poses.length} pose(s) written to ${outDir}; fill in twin.json's owner and consent, then: twin-studio twin pack ${outDir} --key OWNER_KEY.json`,
        ]);
        return 0;
      } finally {
        await estimator.dispose();
      }
    },
  };
}

/** `garment prepare PHOTO --category C --out DIR`: a product photo to a garment folder with suggested landmarks. */
export function createGarmentPrepareCommand(deps: Omit<IngestDeps, 'poseEstimator'> = {}): Command {
  return {
    words: ['garment', 'prepare'],
    summary: 'cut a product photo out and suggest its landmarks, as a garment folder for `garment import`',
    usage: `garment prepare PHOTO --category ${GARMENT_CATEGORIES.join('|')} --out DIR [--id ID] [--sku SKU] [--name NAME] [--json]`,
    options: {
      ...JSON_OPTION,
      category: { type: 'string' },
      out: { type: 'string' },
      id: { type: 'string' },
      sku: { type: 'string' },
      name: { type: 'string' },
    },
    async run(ctx) {
      const [photo, extra] = ctx.args;
      const outDir = stringFlag(ctx, 'out');
      if (!photo || extra !== undefined || !outDir) throw usageError('one photo and --out DIR are required');
      const cutOut = deps.cutOut ?? ((bytes, options) => cutOutInWorker(bytes, options));
      const elapsed = elapsedSince(deps.elapsed ?? ctx.io.now);
      const id = stringFlag(ctx, 'id');
      const sku = stringFlag(ctx, 'sku');
      const name = stringFlag(ctx, 'name');
      ctx.io.err(progressLine(0, 1, 0));
      const prepared = await prepareGarment({
        photo,
        category: category(ctx),
        outDir,
        cutOut,
        ...(id ? { garmentId: id } : {}),
        ...(sku ? { sku } : {}),
        ...(name ? { name } : {}),
        onProgress: (fraction) => {
          if (fraction === 1) ctx.io.err(progressLine(1, 1, elapsed(), photo));
        },
      });
      const missing = REQUIRED_LANDMARKS[category(ctx)].filter((n) => prepared.landmarks[n] === undefined);
      report(ctx, prepared, () => [
        `garment folder ${prepared.garment}: cut-out ${prepared.crop.width}×${prepared.crop.height} at ` +
          `${prepared.crop.x},${prepared.crop.y}, coverage ${Math.round(prepared.alphaCoverage * 100)} %, ` +
          `${Object.keys(prepared.landmarks).length} landmarks suggested`,
        ...(missing.length > 0
          ? [
              `not found: ${missing.join(', ')}; written as garment/1 (fitted as one piece): place them in the ` +
                'Ingest view for the part-by-part fit',
            ]
          : []),
        `check the landmarks, then: twin-studio garment import ${outDir}`,
      ]);
      return 0;
    },
  };
}
