import type { ReviewService } from '../api/index.ts';
import type { AnnotationView } from '../contract/index.ts';
import type { LabelRenderer } from '../provenance/index.ts';
import type { Annotation } from '../review/index.ts';
import { createCleanViews } from './cleanView.ts';
import type { Studio } from './openStudio.ts';
import { outputView } from './outputsService.ts';
import { reviewFor } from './review.ts';

const annotationView = (a: Annotation): AnnotationView => ({ ...a });

/** Review mode over the core review: decisions as the reviewer named in Settings, notes in the workspace database. */
export function createReviewService(deps: { studio: Studio; labels: LabelRenderer }): ReviewService {
  const { studio } = deps;
  const review = reviewFor(studio);
  const cleanViews = createCleanViews({ studio, labels: deps.labels });
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
    decideMany: async ({ outputIds, decision, comment }) => {
      const state = decision === 'approve' ? 'approved' : 'rejected';
      const { decided, failed } = review.decideMany(state, outputIds, { comment: comment ?? null });
      return { outputs: decided.map((d) => outputView(studio, d.output)), failed };
    },
    mark: async ({ outputIds, ...marks }) => studio.outputs.mark(outputIds, marks).map((o) => outputView(studio, o)),
    clean: (outputId) => cleanViews.clean(outputId),
  };
}
