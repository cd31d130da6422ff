import type { AnnotationWire } from '../contract/index.ts';
import { unavailable } from './services.handlers.ts';
import type { StudioServices } from './services.ts';

/** Review mode and batch export: thin over their services, SERVICE_UNAVAILABLE when one is missing. */
export function createReviewHandlers(deps: { services: StudioServices; ledgerMoved?: () => void }) {
  const { services, ledgerMoved = () => {} } = deps;
  const recorded = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      ledgerMoved();
    }
  };
  const review = () => services.review ?? unavailable('review', 'Review');
  const exporter = () => services.export ?? unavailable('export', 'Batch export');
  return {
    'review.approve': ({ outputId, comment }: { outputId: string; comment?: string }) =>
      recorded(review().approve(outputId, comment)),
    'review.reject': ({ outputId, comment }: { outputId: string; comment?: string }) =>
      recorded(review().reject(outputId, comment)),
    'review.annotate': ({ outputId, annotation }: { outputId: string; annotation: AnnotationWire }) =>
      review().annotate(outputId, annotation),
    'review.annotations': ({ outputId }: { outputId: string }) => review().annotations(outputId),
    'review.removeAnnotation': async ({ id }: { id: string }) => {
      await review().removeAnnotation(id);
      return { removed: id };
    },
    'review.previous': async ({ outputId }: { outputId: string }) => ({ previous: await review().previous(outputId) }),
    'export.presets': () => exporter().presets(),
    'export.run': (request: { preset: string; out?: string; filter: { state: 'approved'; shotId?: string } }) =>
      recorded(exporter().run(request)),
    'export.cancel': async () => ({ cancelled: await exporter().cancel() }),
  };
}
