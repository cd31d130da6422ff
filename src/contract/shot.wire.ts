import { z } from 'zod';

/*
 * The shot document: the one schema for it. The contract may not import the core (the renderer imports the
 * contract), so it lives here and the core (src/shots) uses it, adding migrations of older formats on read.
 * The vocabularies below are the core's too (src/twins, src/catalog re-export them).
 */
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, 'an id of 2–64 letters, digits, _ . -');

export const CHANNELS = ['ecommerce', 'social', 'marketplace', 'print', 'outdoor', 'broadcast', 'internal'] as const;
export const GARMENT_CATEGORIES = [
  'top',
  'trousers',
  'skirt',
  'dress',
  'jacket',
  'coat',
  'shorts',
  'knitwear',
  'lingerie',
  'swimwear',
] as const;
export const territorySchema = z
  .string()
  .regex(/^([A-Z]{2}|EU|WORLDWIDE)$/, 'an ISO 3166 alpha-2 code, EU or WORLDWIDE');

/** The pose image's centre goes to (x, y) in output pixels, scaled, turned `rotation` degrees clockwise. */
export const transformSchema = z
  .object({
    x: z.number().finite(),
    y: z.number().finite(),
    scale: z.number().positive().max(20),
    rotation: z.number().min(-360).max(360),
  })
  .strict();
export type Transform = z.infer<typeof transformSchema>;

export const shotSchema = z
  .object({
    format: z.literal('shot/2'),
    shotId: id,
    /**
     * How many saves the stored shot has had. A save names the revision it was edited from; the studio refuses it
     * (SHOT_STALE) when the stored shot has moved on, so an edit made on a stale copy is never silently lost.
     */
    revision: z.number().int().min(0),
    name: z.string().min(1).max(120),
    scene: z.object({ sceneId: id }).strict(),
    twin: z
      .object({ twinId: id, poseId: id, licenceId: id, transform: transformSchema, hidden: z.boolean().default(false) })
      .strict(),
    garments: z
      .array(
        z
          .object({
            garmentId: id,
            z: z.number().int(),
            fit: z.enum(['tps', 'affine']).default('tps'),
            hidden: z.boolean().default(false),
          })
          .strict(),
      )
      .max(8),
    look: z
      .object({
        shadow: z.number().min(0).max(1),
        /** Light matching to the scene (level, colour temperature; bounded), 0..1. */
        harmonize: z.number().min(0).max(1),
        /** Whether light matching reaches the twin too (its skin); the gate refuses it where the consent forbids skin-tone changes. */
        relightTwin: z.boolean().optional(),
      })
      .strict(),
    output: z
      .object({ width: z.number().int().min(64).max(8192), height: z.number().int().min(64).max(8192) })
      .strict(),
    use: z.object({ channel: z.enum(CHANNELS), territory: territorySchema }).strict(),
    sku: z.string().max(64).default(''),
    labels: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type Shot = z.infer<typeof shotSchema>;
export type ShotGarment = Shot['garments'][number];
export const shotIdSchema = id;
