import { createDispatcher, createStudioHandlers } from '../../src/api/index.ts';
import { createReviewExportServices } from '../../src/app/index.ts';
import { createOutputsService } from '../../src/app/outputsService.ts';
import type { StudioEvent } from '../../src/contract/index.ts';
import type { OutputsFixture } from './outputsFixture.ts';

/** The API over an outputs fixture with outputs, review and export wired as the runtime wires them. */
export function reviewDispatch(fx: OutputsFixture, onEvent: (event: StudioEvent) => void) {
  const services = {
    outputs: createOutputsService({ studio: fx.studio, provenance: fx.kit }),
    ...createReviewExportServices(fx.studio, fx.kit),
  };
  const studio = createStudioHandlers({ workspace: fx.studio.ws, mode: 'browser', services });
  studio.events.subscribe(onEvent);
  return createDispatcher(studio.handlers, () => {});
}
