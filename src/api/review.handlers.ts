import type { AnnotationWire, ColourLabel, OutputView } from '../contract/index.ts';
import type { EventHub } from './events.ts';
import { unavailable } from './services.handlers.ts';
import { StudioError } from '../errors/index.ts';
import type { DesktopService, ExportService, StudioServices } from './services.ts';

/** Review mode and batch export: thin over their services, SERVICE_UNAVAILABLE when one is missing. */
export function createReviewHandlers(deps: { services: StudioServices; ledgerMoved?: () => void; hub?: EventHub }) {
  const { services, ledgerMoved = () => {}, hub } = deps;
  const recorded = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      ledgerMoved();
    }
  };
  // Every window showing these outputs (another tab's grid, the gallery) follows a decision or a mark.
  const updated = <T extends OutputView | OutputView[]>(views: T): T => {
    for (const output of Array.isArray(views) ? views : [views]) hub?.publish({ type: 'output.updated', output });
    return views;
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
    'review.approve': async ({ outputId, comment }: { outputId: string; comment?: string }) =>
      updated(await recorded(review().approve(outputId, comment))),
    'review.reject': async ({ outputId, comment }: { outputId: string; comment?: string }) =>
      updated(await recorded(review().reject(outputId, comment))),
    'review.decideMany': async (request: { outputIds: string[]; decision: 'approve' | 'reject'; comment?: string }) => {
      const result = await recorded(review().decideMany(request));
      updated(result.outputs);
      return result;
    },
    'review.mark': async (request: { outputIds: string[]; rating?: number; colour?: ColourLabel | null }) =>
      updated(await review().mark(request)),
    'review.clean': async ({ outputId }: { outputId: string }) => ({ file: await review().clean(outputId) }),
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
