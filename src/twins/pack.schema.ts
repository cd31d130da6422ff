import { z } from 'zod';
import { CHANNELS, territorySchema } from '../contract/shot.wire.ts';
import { GARMENT_CATEGORIES } from '../catalog/garment.schema.ts';
import { fullKeypointsSchema } from './keypoints.schema.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, 'an id of 2–64 letters, digits, _ . -');
/** An instant with an explicit offset, e.g. 2026-11-23T00:00:00Z: a bare date would mean a different instant in each time zone. */
export const instantSchema = z.iso.datetime({ offset: true });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
const minorUnits = z.number().int().nonnegative();
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

export { CHANNELS } from '../contract/shot.wire.ts';
/** Territories are ISO 3166-1 alpha-2 codes, or EU / WORLDWIDE. */
export { territorySchema } from '../contract/shot.wire.ts';

export const PROHIBITED_CATEGORIES = [
  'lingerie',
  'swimwear',
  'tobacco',
  'alcohol',
  'politics',
  'gambling',
  'weapons',
  'adult',
] as const;
export const ALTERATIONS = ['body_shape', 'age', 'skin_tone', 'face', 'tattoos', 'hair'] as const;

export const scopeSchema = z
  .object({
    channels: z.array(z.enum(CHANNELS)).min(1),
    territories: z.array(territorySchema).min(1),
    /** Organisation ids allowed to license the twin; empty means any advertiser. */
    advertisers: z.array(z.string().min(1)),
    /** Product lines (e.g. womenswear) the consent covers. */
    productLines: z.array(z.string().min(1)).min(1),
    purposes: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const consentSchema = z
  .object({
    consentId: id,
    grantedAt: instantSchema,
    noticeGivenAt: instantSchema,
    validFrom: instantSchema,
    validUntil: instantSchema,
    scope: scopeSchema,
    prohibited: z
      .object({
        categories: z.array(z.union([z.enum(PROHIBITED_CATEGORIES), z.enum(GARMENT_CATEGORIES)])),
        alterations: z.array(z.enum(ALTERATIONS)),
      })
      .strict(),
    compensation: z
      .object({ perImage: minorUnits, currency: currencySchema, paymentTermsDays: z.number().int().min(0).max(365) })
      .strict(),
    representation: z.object({ kind: z.enum(['lawyer', 'union', 'agency']), name: z.string().min(1) }).strict(),
    trainingConsent: z.boolean(),
    revocable: z.boolean(),
    governingLaw: z.string().min(2),
    /** SHA-256 of the separately signed written consent document. */
    documentSha256: sha256,
  })
  .strict()
  .refine((c) => Date.parse(c.validFrom) < Date.parse(c.validUntil), {
    message: 'consent.validFrom must be before validUntil',
    path: ['validUntil'],
  })
  // The model is told before agreeing, and the consent starts no earlier than it was given.
  .refine((c) => Date.parse(c.noticeGivenAt) <= Date.parse(c.grantedAt), {
    message: 'consent.noticeGivenAt must not be after grantedAt (notice comes before consent)',
    path: ['noticeGivenAt'],
  })
  .refine((c) => Date.parse(c.grantedAt) <= Date.parse(c.validFrom), {
    message: 'consent.grantedAt must not be after validFrom (a consent cannot start before it was given)',
    path: ['grantedAt'],
  });

export const poseEntrySchema = z
  .object({
    poseId: id,
    name: z.string().min(1),
    image: z.string(),
    keypoints: z.string(),
    /**
     * Optional: a PNG the pose image's size whose alpha marks the body parts lying in front of worn garments (forearms
     * and hands hanging beside a skirt): the render shows the twin's own pixels there through every garment layer but a
     * sleeve. Absent: none.
     */
    front: z.string().optional(),
  })
  .strict();

/** Where a pose's files lie in a pack folder, as twin.json names them (the front-parts mask when it has one). */
export function poseFiles(poseId: string, withFront = false): { image: string; keypoints: string; front?: string } {
  return {
    image: `poses/${poseId}.png`,
    keypoints: `poses/${poseId}.json`,
    ...(withFront ? { front: `poses/${poseId}.front.png` } : {}),
  };
}

export const packManifestSchema = z
  .object({
    format: z.literal('twinpack/1'),
    twinId: id,
    displayName: z.string().min(1).max(80),
    owner: z.object({ name: z.string().min(1), agency: z.string().min(1) }).strict(),
    consent: consentSchema,
    poses: z.array(poseEntrySchema).min(1).max(64),
    /** Every other file of the pack by its path, with its SHA-256. */
    files: z.record(z.string(), sha256),
    ownerKeyId: z.string().length(16),
    signature: z.string().min(1),
  })
  .strict();
export type PackManifest = z.infer<typeof packManifestSchema>;
export type Consent = z.infer<typeof consentSchema>;
export type Channel = (typeof CHANNELS)[number];

/** `poses/<id>.json`: the COCO-17 body keypoints of the pose image, in its pixels. */
export const poseKeypointsSchema = z
  .object({
    poseId: id,
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    keypoints: fullKeypointsSchema,
  })
  .strict();
export type PoseKeypoints = z.infer<typeof poseKeypointsSchema>;
