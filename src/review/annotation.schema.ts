import { z } from 'zod';
import { pinWireSchema, rectWireSchema } from '../contract/index.ts';

/** A rectangle must also lie inside the image (coordinates are normalised 0..1, from the contract). */
export const rectSchema = rectWireSchema.refine((r) => r.x + r.width <= 1 + 1e-9 && r.y + r.height <= 1 + 1e-9, {
  message: 'the rectangle must lie inside the image (x + width ≤ 1, y + height ≤ 1)',
});

export const annotationInputSchema = z.discriminatedUnion('kind', [pinWireSchema, rectSchema]);
export type AnnotationInput = z.input<typeof annotationInputSchema>;
export type AnnotationBody = z.output<typeof annotationInputSchema>;

export type Annotation = AnnotationBody & {
  annotationId: string;
  outputId: string;
  by: string;
  at: string;
};
