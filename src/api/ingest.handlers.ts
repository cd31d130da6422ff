import type { BrushStrokeWire } from '../contract/index.ts';
import type { Workspace } from '../workspace/index.ts';
import type { EventHub } from './events.ts';
import { garmentView } from './library.handlers.ts';
import { unavailable } from './services.handlers.ts';
import type { StudioServices } from './services.ts';
import { importFrom } from './stagedImport.ts';

type Points = Record<string, { x: number; y: number }>;

/** The Ingest view: thin over the ingest service; an uploaded photo's staging folder goes once it is read. */
export function createIngestHandlers(deps: { ws: Workspace; services: StudioServices; hub: EventHub }) {
  const { ws, services, hub } = deps;
  const ingest = () => services.ingest ?? unavailable('ingest', 'Ingest');
  return {
    'ingest.open': (input: { path: string; kind: 'pose' | 'garment'; category?: string }) =>
      importFrom(ws.layout.tmp, input.path, () => ingest().open(input)),
    'ingest.savePose': (input: {
      sessionId: string;
      packDir: string;
      poseId: string;
      points: Points;
      strokes: BrushStrokeWire[];
      frontStrokes?: BrushStrokeWire[];
    }) => ingest().savePose(input),
    'ingest.saveGarment': async (input: {
      sessionId: string;
      garmentId: string;
      sku: string;
      name: string;
      layer: 'under' | 'over';
      points: Points;
      strokes: BrushStrokeWire[];
    }) => {
      const garment = await ingest().saveGarment(input);
      hub.publish({ type: 'library.changed', what: 'garments' });
      return garmentView(ws, garment);
    },
    'ingest.packDraft': ({ packDir }: { packDir: string }) => ingest().packDraft(packDir),
    'ingest.signPack': (input: { packDir: string; keyPath: string; draft: Record<string, unknown> }) =>
      ingest().signPack(input),
  };
}
