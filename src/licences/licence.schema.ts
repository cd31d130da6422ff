import { z } from 'zod';
import { GARMENT_CATEGORIES } from '../catalog/garment.schema.ts';
import { CHANNELS, currencySchema, instantSchema, territorySchema } from '../twins/index.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, 'an id of 2–64 letters, digits, _ . -');
const keyId = z.string().length(16);

/** How many proofs a licence allows per UTC day, and whether they are billed (never exportable either way). */
export const proofTermsSchema = z
  .object({
    perDay: z.number().int().nonnegative().max(10_000),
    billed: z.boolean(),
    /** The fee per billed proof in minor units (the licence's currency); absent: the licence's fee per image. */
    perProof: z.number().int().nonnegative().optional(),
  })
  .strict();
export type ProofTerms = z.infer<typeof proofTermsSchema>;

/** The terms of a licence that names none (one signed before proofs existed). */
export const DEFAULT_PROOF_TERMS: ProofTerms = Object.freeze({ perDay: 50, billed: false });

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
    /**
     * Proofs: screen-size renders with the proof mark, to look at a shot before spending an image. Absent on
     * licences signed before proofs existed: `proofTermsOf` gives the default (DEFAULT_PROOF_TERMS).
     */
    proofs: proofTermsSchema.optional(),
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

/** A licence's proof terms, the default where it names none (its signature covers only what it names). */
export function proofTermsOf(licence: Pick<Licence, 'proofs'>): ProofTerms {
  return licence.proofs ?? DEFAULT_PROOF_TERMS;
}

/** What one proof costs under a licence: nothing unless its terms bill proofs. */
export function proofFee(licence: Pick<Licence, 'proofs' | 'fee'>): { amount: number; currency: string } {
  const terms = proofTermsOf(licence);
  return { amount: terms.billed ? (terms.perProof ?? licence.fee.perImage) : 0, currency: licence.fee.currency };
}
