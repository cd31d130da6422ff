export { annotationInputSchema, type Annotation, type AnnotationInput } from './annotation.schema.ts';
export { createAnnotations, type Annotations } from './annotations.ts';
export {
  createReview,
  renderRecordOf,
  type BatchResult,
  type Decision,
  type DecisionResult,
  type Review,
  type ReviewDeps,
} from './review.ts';
