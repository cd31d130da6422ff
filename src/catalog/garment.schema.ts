import { z } from 'zod';
import { GARMENT_CATEGORIES } from '../contract/shot.wire.ts';
import { keypointsSchema } from '../twins/keypoints.schema.ts';

export { GARMENT_CATEGORIES };
export type GarmentCategory = (typeof GARMENT_CATEGORIES)[number];

/** `garment.json`, beside `garment.png` (RGBA, the garment laid flat or on a form). */
export const garmentSchema = z
  .object({
    format: z.literal('garment/1'),
    garmentId: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/),
    sku: z.string().min(1).max(64),
    name: z.string().min(1).max(120),
    category: z.enum(GARMENT_CATEGORIES),
    layer: z.enum(['under', 'over']),
    image: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** The COCO-17 body points this garment covers, in the garment image's pixels; at least three for a TPS fit. */
    keypoints: keypointsSchema.refine((k) => Object.keys(k).length >= 3, 'a garment needs at least three keypoints'),
  })
  .strict();
export type Garment = z.infer<typeof garmentSchema>;
