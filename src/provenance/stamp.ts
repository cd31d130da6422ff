import type { Clock } from '../clock/index.ts';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { StudioError } from '../errors/index.ts';
import { c2paSupports, type C2paSigner } from './c2pa.ts';
import { withResidentImage } from './kernel/kernel.ts';
import { checkMask, encodeMask, type ForegroundMask } from './foreground.ts';
import { createLabelRenderer, type LabelRenderer, type PreparedLabel } from './label.ts';
import { disclosureText, type CornerChoice, type LabelCorner, type LabelRequest } from './labelLayout.ts';
import { STAMP_FORMATS, type RgbaImage, type StampFormat, type UsageFacts, type Watermarker } from './types.ts';
import { buildXmp } from './xmp.ts';

/** zlib level 3: ~40 ms at 1024×1536 against ~160 ms at the default 6, for files ~15 % larger. */
const PNG_COMPRESSION_LEVEL = 3;

export interface StampRequest {
  rgba: RgbaImage;
  format: StampFormat;
  /** 1–100 for jpeg/webp; ignored for png. */
  quality?: number;
  usage: UsageFacts;
  /** The org's label wording (`{displayName}` is filled in); never empty. */
  labelWording?: string;
  /** A fixed corner for the badge; otherwise the first corner of `cornerPreference` the foreground leaves clear. */
  labelCorner?: LabelCorner;
  /** The corners the badge may take, most wanted first (an export preset's); others follow. */
  cornerPreference?: readonly LabelCorner[];
  /**
   * Where the figure and garments lie (the render's foreground coverage): the badge keeps off them, and the
   * XMP carries the mask so an export of this file can place its own badge the same way.
   */
  foreground?: ForegroundMask;
  /**
   * The tiled diagonal proof mark: on (the default) for working renders and proofs; only the export of an
   * approved output turns it off. The badge has no such switch.
   */
  proofMark?: boolean;
  /**
   * The caller hands `rgba.data` over: the label and the watermark are drawn onto it in place instead of onto a
   * full-size copy (at 1600×1600 a 10 MB copy per image and the garbage it leaves). Off by default.
   */
  inPlace?: boolean;
  /**
   * The label laid out ahead of the pixels (Stamper.planLabel): used when it was planned for this image's size,
   * usage code, name, wording and corner; otherwise the stamp lays the label out itself.
   */
  labelPlan?: LabelPlan;
  /**
   * `embed` (the default) marks the pixels. `carried`: they already carry this usage's mark at a scale the
   * detector reads (an export whose fit keeps the render's mark: src/export/restamp.ts decides, and the export
   * tests verify the mark on every exported file), so embedding the same payload again is skipped.
   */
  watermark?: 'embed' | 'carried';
  /** `srgb`: the sRGB ICC profile is embedded in the file (an export's; the pixels are sRGB either way). */
  iccProfile?: 'srgb';
}

export interface StampTimings {
  labelMs: number;
  watermarkMs: number;
  encodeMs: number;
  c2paMs: number;
  hashMs: number;
  totalMs: number;
}

export interface StampResult {
  bytes: Buffer;
  sha256: string;
  format: StampFormat;
  /** The watermark payload in printed form (what detection should return). */
  watermarkPayload: string;
  /** Whether this stamp embedded the mark or found it carried by the pixels (StampRequest.watermark). */
  watermark: 'embedded' | 'carried';
  /** `signed` for jpeg/png; `unsupported-format` for webp, which carries XMP, label and watermark only. */
  c2pa: 'signed' | 'unsupported-format';
  /** Where the badge went; `noClearCorner`: every corner had foreground, so it takes the least covered one. */
  label: CornerChoice & { proofMark: boolean };
  timings: StampTimings;
}

/** A label being laid out for an output before its pixels exist (the text renders while the image does). */
export interface LabelPlan {
  width: number;
  height: number;
  request: LabelRequest;
  label: Promise<PreparedLabel>;
}

export interface Stamper {
  /** Starts laying out the label of an output of this size and usage; pass the plan to `stamp` as `labelPlan`. */
  planLabel(plan: {
    width: number;
    height: number;
    usage: Pick<UsageFacts, 'displayName' | 'code'>;
    labelWording?: string;
    labelCorner?: LabelCorner;
  }): LabelPlan;
  stamp(request: StampRequest): Promise<StampResult>;
}

function checkUsage(usage: UsageFacts): void {
  const missing = (['usageId', 'code', 'twinId', 'displayName', 'licenceId', 'consentId', 'licensor'] as const).filter(
    (key) => typeof usage[key] !== 'string' || usage[key].trim() === '',
  );
  if (missing.length > 0 || !Array.isArray(usage.modelIds)) {
    throw new StudioError(
      'STAMP_USAGE_INVALID',
      `Expected every usage fact for the stamp, missing ${missing.join(', ') || 'modelIds'}`,
      { missing, usageId: usage.usageId },
    );
  }
}

/**
 * Stamps one rendered image: visible label → invisible watermark → encode with XMP → C2PA → sha256.
 * Signing is the last step that changes bytes, so the manifest's data hash covers the final pixels and
 * metadata; the returned sha256 is of exactly the returned bytes.
 */
export function createStamper(deps: {
  watermarker: Watermarker;
  signer: C2paSigner;
  appVersion: string;
  labels?: LabelRenderer;
  now: Clock;
}): Stamper {
  const labels = deps.labels ?? createLabelRenderer();
  const { now } = deps;

  function labelRequest(
    usage: Pick<UsageFacts, 'displayName' | 'code'>,
    wording: string | undefined,
    corner: LabelCorner | undefined,
  ): LabelRequest {
    return {
      displayName: usage.displayName,
      code: usage.code,
      ...(wording !== undefined ? { wording } : {}),
      ...(corner !== undefined ? { corner } : {}),
    };
  }

  function planLabel(plan: {
    width: number;
    height: number;
    usage: Pick<UsageFacts, 'displayName' | 'code'>;
    labelWording?: string;
    labelCorner?: LabelCorner;
  }): LabelPlan {
    const request = labelRequest(plan.usage, plan.labelWording, plan.labelCorner);
    const label = labels.prepare(plan.width, plan.height, request);
    // Not awaited until the stamp, which may never come (the render fails): its error is the stamp's to report.
    label.catch(() => undefined);
    return { width: plan.width, height: plan.height, request, label };
  }

  /** The plan's label when it was made for exactly this image and label request. */
  function plannedFor(
    plan: LabelPlan | undefined,
    width: number,
    height: number,
    request: LabelRequest,
  ): Promise<PreparedLabel> | undefined {
    if (!plan || plan.width !== width || plan.height !== height) return undefined;
    const keys = ['displayName', 'code', 'wording', 'corner'] as const;
    return keys.every((key) => plan.request[key] === request[key]) ? plan.label : undefined;
  }

  async function stamp(request: StampRequest): Promise<StampResult> {
    const { rgba, format, usage } = request;
    if (!STAMP_FORMATS.includes(format))
      throw new StudioError('STAMP_FORMAT_INVALID', `Expected jpeg, png or webp, got ${String(format)}`, { format });
    checkUsage(usage);
    if (request.foreground !== undefined) checkMask(request.foreground);
    const quality = request.quality ?? 92;
    if (!Number.isInteger(quality) || quality < 1 || quality > 100)
      throw new StudioError('STAMP_QUALITY_INVALID', `Expected a quality of 1 to 100, got ${quality}`, { quality });
    const t0 = performance.now();

    const wanted = labelRequest(usage, request.labelWording, request.labelCorner);
    const label = await (plannedFor(request.labelPlan, rgba.width, rgba.height, wanted) ??
      labels.prepare(rgba.width, rgba.height, wanted));
    const payload = deps.watermarker.payloadFromUsageId(usage.usageId);
    const watermarkPayload = deps.watermarker.formatPayload(payload);
    const pixels = request.inPlace === true ? rgba.data : Buffer.from(rgba.data);
    const choice = label.choose(request.cornerPreference ?? [], request.foreground);
    const proofMark = request.proofMark !== false;
    let t1 = 0;
    // Label and watermark are passes over the same pixels: they run on one copy of them in the pixel kernel.
    withResidentImage(pixels, (resident) => {
      label.draw(resident, { corner: choice.corner, proofMark });
      t1 = performance.now();
      if (request.watermark === 'carried') return;
      const marked = deps.watermarker.embed(
        {
          data: Buffer.from(resident.buffer, resident.byteOffset, resident.byteLength),
          width: rgba.width,
          height: rgba.height,
          channels: 4,
        },
        payload,
      );
      if (
        marked.width !== rgba.width ||
        marked.height !== rgba.height ||
        marked.data.length !== marked.width * marked.height * 4
      ) {
        throw new StudioError(
          'WATERMARK_FAILED',
          `Expected the watermark to return ${rgba.width}×${rgba.height} RGBA pixels, got ${marked.data.length} bytes for ${marked.width}×${marked.height}`,
          { usageId: usage.usageId },
        );
      }
      // A watermarker that marks a copy rather than in place hands back other bytes: those are the marked pixels.
      if (marked.data.buffer !== resident.buffer || marked.data.byteOffset !== resident.byteOffset)
        resident.set(marked.data);
    });
    const marked = { data: pixels, width: rgba.width, height: rgba.height };
    const t2 = performance.now();

    const xmp = buildXmp({
      usage,
      disclosure: disclosureText({ displayName: usage.displayName, wording: request.labelWording }),
      appVersion: deps.appVersion,
      createdAt: now(),
      watermarkPayload,
      label: {
        corner: choice.corner,
        proofMark,
        ...(request.foreground ? { foreground: encodeMask(request.foreground) } : {}),
      },
    });
    const raw = sharp(marked.data, { raw: { width: marked.width, height: marked.height, channels: 4 } });
    const pipeline = (request.iccProfile ? raw.withIccProfile(request.iccProfile) : raw).withXmp(xmp);
    const encoded =
      format === 'jpeg'
        ? await pipeline
            .flatten({ background: '#ffffff' })
            .jpeg({ quality, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0', mozjpeg: false })
            .toBuffer()
        : format === 'png'
          ? await pipeline.png({ compressionLevel: PNG_COMPRESSION_LEVEL }).toBuffer()
          : await pipeline.webp({ quality }).toBuffer();
    const t3 = performance.now();

    let bytes: Buffer = encoded;
    let c2pa: StampResult['c2pa'] = 'unsupported-format';
    if (c2paSupports(format)) {
      bytes = await deps.signer.sign(encoded, format, {
        usageId: usage.usageId,
        usageCode: usage.code,
        twinId: usage.twinId,
        licenceId: usage.licenceId,
        watermarkPayload,
        title: `${usage.code}.${format === 'jpeg' ? 'jpg' : format}`,
      });
      c2pa = 'signed';
    }
    const t4 = performance.now();

    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const t5 = performance.now();
    const ms = (a: number, b: number) => Math.round((b - a) * 100) / 100;
    return {
      bytes,
      sha256,
      format,
      watermarkPayload,
      watermark: request.watermark === 'carried' ? 'carried' : 'embedded',
      c2pa,
      label: { ...choice, proofMark },
      timings: {
        labelMs: ms(t0, t1),
        watermarkMs: ms(t1, t2),
        encodeMs: ms(t2, t3),
        c2paMs: ms(t3, t4),
        hashMs: ms(t4, t5),
        totalMs: ms(t0, t5),
      },
    };
  }

  return { planLabel, stamp };
}
