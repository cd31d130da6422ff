import { StudioError } from '../errors/index.ts';
import { uuidv7 } from '../ids/uuidv7.ts';
import type { OutputsRepo } from '../outputs/index.ts';
import type { Db } from '../storage/index.ts';
import { parseWith } from '../validation.ts';
import {
  annotationInputSchema,
  type Annotation,
  type AnnotationBody,
  type AnnotationInput,
} from './annotation.schema.ts';

interface AnnotationRow {
  annotationId: string;
  outputId: string;
  body: string;
  by: string;
  at: string;
}

const toAnnotation = (row: AnnotationRow): Annotation => ({
  ...(JSON.parse(row.body) as AnnotationBody),
  annotationId: row.annotationId,
  outputId: row.outputId,
  by: row.by,
  at: row.at,
});

/**
 * A retoucher's notes on an output, stored in the workspace database beside it. The file is never touched:
 * annotations are drawn by the viewer over the image.
 */
export function createAnnotations(deps: { db: Db; outputs: Pick<OutputsRepo, 'get'>; now: () => Date }) {
  const { db, outputs, now } = deps;
  const select =
    'SELECT annotation_id AS annotationId, output_id AS outputId, body, created_by AS by, created_at AS at FROM output_annotations';
  return {
    annotate(outputId: string, input: AnnotationInput, by: string): Annotation {
      outputs.get(outputId);
      const body = parseWith(annotationInputSchema, input, 'ANNOTATION_INVALID', 'The annotation', { outputId });
      const at = now();
      const annotationId = uuidv7(at.getTime());
      db.prepare(
        'INSERT INTO output_annotations (annotation_id, output_id, body, created_by, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(annotationId, outputId, JSON.stringify(body), by, at.toISOString());
      return { ...body, annotationId, outputId, by, at: at.toISOString() };
    },

    annotations(outputId: string): Annotation[] {
      return (
        db.prepare(`${select} WHERE output_id = ? ORDER BY created_at, annotation_id`).all(outputId) as AnnotationRow[]
      ).map(toAnnotation);
    },

    removeAnnotation(annotationId: string): void {
      const removed = db.prepare('DELETE FROM output_annotations WHERE annotation_id = ?').run(annotationId).changes;
      if (removed === 0)
        throw new StudioError('ANNOTATION_NOT_FOUND', `No annotation ${annotationId} in this workspace`, {
          annotationId,
        });
    },
  };
}
export type Annotations = ReturnType<typeof createAnnotations>;
