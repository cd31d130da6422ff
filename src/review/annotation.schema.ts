import { z } from 'zod';

/** Normalised image coordinates: 0 is the left/top edge, 1 the right/bottom, so they survive any resize. */
const unit = z.number().finite().min(0).max(1);
const note = z.string().trim().min(1).max(2000);

export const pinSchema = z.object({ kind: z.literal('pin'), x: unit, y: unit, note }).strict();

export const rectSchema = z
  .object({
    kind: z.literal('rect'),
    x: unit,
    y: unit,
    width: unit.positive(),
    height: unit.positive(),
    note: note.optional(),
  })
  .strict()
  .refine((r) => r.x + r.width <= 1 + 1e-9 && r.y + r.height <= 1 + 1e-9, {
    message: 'the rectangle must lie inside the image (x + width ≤ 1, y + height ≤ 1)',
  });

export const annotationInputSchema = z.discriminatedUnion('kind', [pinSchema, rectSchema]);
export type AnnotationInput = z.input<typeof annotationInputSchema>;
export type AnnotationBody = z.output<typeof annotationInputSchema>;

export type Annotation = AnnotationBody & {
  annotationId: string;
  outputId: string;
  by: string;
  at: string;
};
