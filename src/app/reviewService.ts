import type { ReviewService } from '../api/index.ts';
import type { AnnotationView } from '../contract/index.ts';
import type { Annotation } from '../review/index.ts';
import type { Studio } from './openStudio.ts';
import { outputView } from './outputsService.ts';
import { reviewFor } from './review.ts';

const annotationView = (a: Annotation): AnnotationView => ({ ...a });

/** Review mode over the core review: decisions as the signed-in user, notes in the workspace database. */
export function createReviewService(deps: { studio: Studio }): ReviewService {
  const { studio } = deps;
  const review = reviewFor(studio);
  return {
    approve: async (outputId, comment) =>
      outputView(studio, review.approve(outputId, { comment: comment ?? null }).output),
    reject: async (outputId, comment) =>
      outputView(studio, review.reject(outputId, { comment: comment ?? null }).output),
    annotate: async (outputId, annotation) => annotationView(review.annotate(outputId, annotation)),
    annotations: async (outputId) => {
      studio.outputs.get(outputId);
      return review.annotations(outputId).map(annotationView);
    },
    removeAnnotation: async (annotationId) => review.removeAnnotation(annotationId),
    previous: async (outputId) => {
      const previous = review.previousVersion(outputId);
      return previous ? outputView(studio, previous) : null;
    },
  };
}
