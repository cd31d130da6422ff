import type { AnnotationWire } from '../contract/index.ts';
import { unavailable } from './services.handlers.ts';
import { StudioError } from '../errors/index.ts';
import type { DesktopService, ExportService, StudioServices } from './services.ts';

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
  const desktop = (): DesktopService => {
    if (services.desktop) return services.desktop;
    throw new StudioError(
      'SERVICE_UNAVAILABLE',
      'Expected the desktop app for a folder dialog or "open folder"; in the browser the export downloads as a zip',
      { service: 'desktop' },
    );
  };
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
    'export.run': (request: Parameters<ExportService['run']>[0]) => recorded(exporter().run(request)),
    'export.cancel': async () => ({ cancelled: await exporter().cancel() }),
    'export.plan': (request: Parameters<ExportService['plan']>[0]) => exporter().plan(request),
    'export.recipes': () => exporter().recipes(),
    'export.saveRecipe': (recipe: Parameters<ExportService['saveRecipe']>[0]) => exporter().saveRecipe(recipe),
    'export.removeRecipe': ({ name }: { name: string }) => exporter().removeRecipe(name),
    'export.chooseFolder': async () => ({ path: await desktop().chooseFolder() }),
    'export.reveal': async ({ runId }: { runId: string }) => ({
      opened: await desktop().reveal(exporter().location(runId)),
    }),
  };
}
