import { z } from 'zod';
import { CHANNELS, territorySchema } from '../twins/index.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, 'an id of 2–64 letters, digits, _ . -');

/**
 * Where the twin's pose image sits in the output: its centre goes to (x, y) in output pixels, scaled by
 * `scale` and turned by `rotation` degrees (clockwise) about that centre. The canvas uses the same numbers.
 */
export const transformSchema = z
  .object({ x: z.number().finite(), y: z.number().finite(), scale: z.number().positive().max(20), rotation: z.number().min(-360).max(360) })
  .strict();
export type Transform = z.infer<typeof transformSchema>;

export const SHOT_FORMAT = 'shot/1';

/** A shot: the document the canvas edits and the renderer renders. Older formats are migrated on read. */
export const shotSchema = z
  .object({
    format: z.literal(SHOT_FORMAT),
    shotId: id,
    name: z.string().min(1).max(120),
    scene: z.object({ sceneId: id }).strict(),
    twin: z.object({ twinId: id, poseId: id, licenceId: id, transform: transformSchema, hidden: z.boolean().default(false) }).strict(),
    garments: z
      .array(z.object({ garmentId: id, z: z.number().int(), fit: z.enum(['tps', 'affine']).default('tps'), hidden: z.boolean().default(false) }).strict())
      .max(8),
    look: z.object({ shadow: z.number().min(0).max(1), harmonize: z.number().min(0).max(1) }).strict(),
    output: z.object({ width: z.number().int().min(64).max(8192), height: z.number().int().min(64).max(8192) }).strict(),
    use: z.object({ channel: z.enum(CHANNELS), territory: territorySchema }).strict(),
    sku: z.string().max(64).default(''),
    labels: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type Shot = z.infer<typeof shotSchema>;
export type ShotInput = z.input<typeof shotSchema>;
