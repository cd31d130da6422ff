import { z } from 'zod';
import { GARMENT_CATEGORIES } from '../catalog/garment.schema.ts';
import { CHANNELS, currencySchema, instantSchema, territorySchema } from '../twins/index.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, 'an id of 2–64 letters, digits, _ . -');
const keyId = z.string().length(16);

/** `*.licence.json`, signed by the registry. */
export const licenceSchema = z
  .object({
    format: z.literal('licence/1'),
    licenceId: id,
    twinId: id,
    consentId: id,
    licensee: z
      .object({
        orgId: z.string().min(1),
        name: z.string().min(1),
        brand: z.string().min(1),
        productLines: z.array(z.string().min(1)).min(1),
      })
      .strict(),
    channels: z.array(z.enum(CHANNELS)).min(1),
    territories: z.array(territorySchema).min(1),
    /** When present, only these garment categories may be shown. */
    garmentCategories: z.array(z.enum(GARMENT_CATEGORIES)).min(1).optional(),
    validFrom: instantSchema,
    validUntil: instantSchema,
    /** Longest time the workstation may render without a check-in with the registry. */
    leaseHours: z
      .number()
      .int()
      .positive()
      .max(24 * 90),
    maxImages: z.number().int().positive(),
    fee: z
      .object({
        perImage: z.number().int().nonnegative(),
        currency: currencySchema,
        minimum: z.number().int().nonnegative().optional(),
        agencyCommissionPct: z.number().min(0).max(100).optional(),
      })
      .strict(),
    label: z
      .object({
        text: z.string().min(1).max(200),
        requiredProvenance: z.array(z.enum(['visible-label', 'xmp', 'c2pa', 'watermark'])).min(1),
      })
      .strict(),
    issuedAt: instantSchema,
    registryKeyId: keyId,
    signature: z.string().min(1),
  })
  .strict()
  .refine((l) => Date.parse(l.validFrom) < Date.parse(l.validUntil), {
    message: 'validFrom must be before validUntil',
    path: ['validUntil'],
  });
export type Licence = z.infer<typeof licenceSchema>;

export const revocationSchema = z
  .object({
    format: z.literal('revocation/1'),
    revocationId: id,
    licenceId: id,
    revokedAt: instantSchema,
    reason: z.string().min(1).max(500),
    registryKeyId: keyId,
    signature: z.string().min(1),
  })
  .strict();
export type Revocation = z.infer<typeof revocationSchema>;

/** The owner withdraws consent; the registry relays it, signed. */
export const withdrawalSchema = z
  .object({
    format: z.literal('consent-withdrawal/1'),
    withdrawalId: id,
    twinId: id,
    consentId: id,
    withdrawnAt: instantSchema,
    reason: z.string().min(1).max(500),
    registryKeyId: keyId,
    signature: z.string().min(1),
  })
  .strict();
export type Withdrawal = z.infer<typeof withdrawalSchema>;
