import { z } from 'zod';

/** `scene.json`, beside `scene.jpg|png` (the RGB backdrop). */
export const sceneSchema = z
  .object({
    format: z.literal('scene/1'),
    sceneId: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/),
    name: z.string().min(1).max(120),
    kind: z.enum(['studio', 'lifestyle']),
    image: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** The ground line in pixels: where feet stand and the contact shadow falls. */
    floorY: z.number().nonnegative(),
    light: z
      .object({
        /** Direction the light comes from, in degrees: 0 = from the right, 90 = from above, 180 = from the left. */
        direction: z.number().min(0).max(360),
        /** 0 = hard light, 1 = fully diffuse. */
        softness: z.number().min(0).max(1),
      })
      .strict(),
    /** Suggested height of the twin, feet to crown, in scene pixels. */
    twinHeight: z.number().positive(),
  })
  .strict();
export type Scene = z.infer<typeof sceneSchema>;
