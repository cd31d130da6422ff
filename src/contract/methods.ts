import { z } from 'zod';
import {
  annotationWireSchema,
  COLOUR_LABELS,
  OUTPUT_STATES,
  type ReviewBatchView,
  type AnnotationView,
  type ExportPresetView,
  type ExportReportView,
} from './review.wire.ts';
import type {
  OutputPageView,
  OutputView,
  ProofView,
  ProviderInfo,
  RenderJob,
  SyncStatus,
  VerifyReport,
} from './render.wire.ts';
import { shotIdSchema, shotSchema, type Shot } from './shot.wire.ts';
import { exportRecipeWireSchema, exportSpecSchema, type ExportPlanView, type ExportRecipeView } from './export.wire.ts';
import {
  brushStrokesWireSchema,
  ingestIdSchema,
  ingestOpenSchema,
  namedPointsWireSchema,
  type IngestSessionView,
  type PackBuiltView,
  type PackDraftView,
  type SavedPoseView,
} from './ingest.wire.ts';
import type { AppInfo, GarmentView, LicenceStatus, PolicyCheck, SceneView, TwinView } from './views.ts';

/** A method: its input schema and (as a phantom type) its output. */
interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  output?: O;
  /** What the method does, shown in errors and docs. */
  summary: string;
}
function method<O>() {
  return <I extends z.ZodType>(input: I, summary: string): MethodSpec<I, O> => ({ input, summary });
}

const none = z.object({}).strict();
const localPath = z.string().min(1, 'a file or folder path').max(4096);
const id = shotIdSchema;
const outputId = z.string().min(1).max(200);
const comment = z.string().max(2000).optional();
/** A multi-selection: one call, one record per output. */
const outputIds = z.array(outputId).min(1, 'at least one output').max(500);

export interface SettingsView {
  executionProvider: string;
  providers: ProviderInfo[] | null;
  workspaceDir: string;
  /** The name review decisions are recorded under (null: the signed-in user's). */
  reviewer?: string | null;
}

/**
 * The studio API. The renderer, the preload, Electron's IPC router and the HTTP bridge all use this table:
 * each input is parsed with its schema at the boundary before any handler runs.
 */
export const CONTRACT = {
  'app.info': method<AppInfo>()(none, 'What this process is and which services it has'),

  'twins.list': method<TwinView[]>()(none, 'Imported twins with their poses and licence status'),
  'twins.import': method<TwinView>()(
    z.object({ path: localPath }).strict(),
    'Verify a twin pack (folder or .twinpack) and import it',
  ),

  'licences.list': method<LicenceStatus[]>()(
    z.object({ twinId: id.optional() }).strict(),
    'Licences with their status now',
  ),
  'licences.import': method<LicenceStatus>()(
    z.object({ path: localPath }).strict(),
    'Verify a *.licence.json and import it',
  ),
  'licences.status': method<LicenceStatus[]>()(
    z.object({ twinId: id }).strict(),
    "A twin's licences: valid until, images left, or why not",
  ),

  'catalog.garments': method<GarmentView[]>()(none, 'Garments in the catalog'),
  'catalog.scenes': method<SceneView[]>()(none, 'Scenes in the catalog'),
  'catalog.importGarment': method<GarmentView>()(
    z.object({ path: localPath }).strict(),
    'Import a garment folder (garment.json + RGBA image)',
  ),
  'catalog.importScene': method<SceneView>()(
    z.object({ path: localPath }).strict(),
    'Import a scene folder (scene.json + image)',
  ),

  'shots.list': method<Shot[]>()(none, 'Shots in the workspace'),
  'shots.get': method<Shot>()(z.object({ shotId: id }).strict(), 'One shot'),
  'shots.save': method<Shot>()(z.object({ shot: shotSchema }).strict(), 'Save a shot (autosave)'),
  'shots.create': method<Shot>()(
    z.object({ name: z.string().min(1).max(120), sceneId: id, twinId: id, poseId: id, licenceId: id }).strict(),
    'A new shot with the twin standing on the scene floor',
  ),
  'shots.check': method<PolicyCheck>()(
    z.object({ shotId: id }).strict(),
    'Ask the policy gate whether the shot may be rendered now',
  ),

  'render.enqueue': method<RenderJob[]>()(
    z
      .object({
        shotId: id,
        variants: z
          .object({ sceneIds: z.array(id).max(32).default([]), poseIds: z.array(id).max(32).default([]) })
          .strict()
          .optional(),
      })
      .strict(),
    'Render the shot (and its variants) through the job queue',
  ),
  'render.cancel': method<RenderJob>()(
    z.object({ jobId: z.string().min(1) }).strict(),
    'Cancel a queued or running job',
  ),
  'render.retry': method<RenderJob>()(
    z.object({ jobId: z.string().min(1) }).strict(),
    'Queue a failed or cancelled job again',
  ),
  'render.jobs': method<RenderJob[]>()(none, 'Jobs in the queue, newest first'),
  'render.proof': method<ProofView>()(
    z.object({ shotId: id }).strict(),
    'A proof of the saved shot at screen size (long side 1024 px) with the proof mark: no image of the quota',
  ),

  'outputs.list': method<OutputView[]>()(
    z.object({ shotId: id.optional(), state: z.enum(OUTPUT_STATES).optional() }).strict(),
    'Rendered outputs, newest first (all of them: the gallery pages with outputs.page)',
  ),
  'outputs.page': method<OutputPageView>()(
    z
      .object({
        shotId: id.optional(),
        sceneId: id.optional(),
        poseId: id.optional(),
        state: z.enum(OUTPUT_STATES).optional(),
        minRating: z.number().int().min(1).max(5).optional(),
        colour: z.enum(COLOUR_LABELS).optional(),
        limit: z.number().int().min(1).max(200).optional(),
        cursor: z.string().min(1).max(400).optional(),
      })
      .strict(),
    'One page of rendered outputs with thumbnails, newest first, filtered on the server',
  ),
  'outputs.verify': method<VerifyReport>()(
    z.object({ outputId: z.string().min(1) }).strict(),
    'Read back label, metadata, watermark and usage record',
  ),

  'review.approve': method<OutputView>()(
    z.object({ outputId, comment }).strict(),
    'Approve an output (appends a review.approved ledger record)',
  ),
  'review.reject': method<OutputView>()(
    z.object({ outputId, comment }).strict(),
    'Reject an output (appends a review.rejected ledger record)',
  ),
  'review.annotate': method<AnnotationView>()(
    z.object({ outputId, annotation: annotationWireSchema }).strict(),
    'Add a pin or rectangle note, kept beside the file',
  ),
  'review.annotations': method<AnnotationView[]>()(z.object({ outputId }).strict(), "An output's notes, oldest first"),
  'review.removeAnnotation': method<{ removed: string }>()(
    z.object({ id: z.string().min(1).max(200) }).strict(),
    'Delete a note',
  ),
  'review.previous': method<{ previous: OutputView | null }>()(
    z.object({ outputId }).strict(),
    'The previous render of the same shot, for before/after compare',
  ),

  'review.decideMany': method<ReviewBatchView>()(
    z.object({ outputIds, decision: z.enum(['approve', 'reject']), comment }).strict(),
    'Approve or reject many outputs with one comment (a review record per output)',
  ),
  'review.mark': method<OutputView[]>()(
    z
      .object({
        outputIds,
        rating: z.number().int().min(0).max(5).optional(),
        colour: z.enum(COLOUR_LABELS).nullable().optional(),
      })
      .strict(),
    'Set stars (0 clears) and/or a colour label (null clears) on outputs',
  ),
  'review.clean': method<{ file: string }>()(
    z.object({ outputId }).strict(),
    'The output without the proof mark, for looking at in the studio (never exported)',
  ),

  'export.presets': method<ExportPresetView[]>()(none, 'Built-in and workspace export presets'),
  'export.run': method<ExportReportView>()(
    exportSpecSchema
      .extend({
        out: localPath.optional(),
        /** A folder to make the batch in (as `<preset>-<time>`): the desktop app's chosen folder. */
        parent: localPath.optional(),
        /** A zip of the batch (browser mode downloads it) instead of a folder. */
        zip: z.boolean().optional(),
        filter: z
          .object({ state: z.literal('approved').default('approved'), shotId: id.optional() })
          .strict()
          .default({ state: 'approved' }),
      })
      .strict(),
    'Export the approved outputs as a labelled batch (progress as export.progress events)',
  ),
  'export.cancel': method<{ cancelled: boolean }>()(
    none,
    'Stop the running export after the current image (resumable)',
  ),
  'export.plan': method<ExportPlanView>()(
    exportSpecSchema.extend({ shotId: id.optional() }).strict(),
    'The file names an export would write and the images its frame would upscale, before running it',
  ),
  'export.recipes': method<ExportRecipeView[]>()(none, "The workspace's saved export recipes"),
  'export.saveRecipe': method<ExportRecipeView[]>()(
    exportRecipeWireSchema,
    'Save an export recipe under its name (replacing one of the same name)',
  ),
  'export.removeRecipe': method<ExportRecipeView[]>()(
    z.object({ name: z.string().min(1).max(60) }).strict(),
    'Delete a saved export recipe',
  ),
  'export.chooseFolder': method<{ path: string | null }>()(
    none,
    'Desktop: ask for the folder an export goes to (null when the dialog is dismissed)',
  ),
  'export.reveal': method<{ opened: boolean }>()(
    z.object({ runId: z.string().min(1).max(80) }).strict(),
    "Desktop: show a finished export's folder (or zip) in the file manager",
  ),

  'settings.get': method<SettingsView>()(none, 'Execution provider, providers on this machine, workspace folder'),
  'settings.setProvider': method<SettingsView>()(
    z.object({ provider: z.string().min(1).max(32) }).strict(),
    'Choose the execution provider',
  ),

  'settings.setReviewer': method<SettingsView>()(
    z.object({ name: z.string().max(120) }).strict(),
    'The name review decisions are recorded under in the ledger (empty: the signed-in user)',
  ),

  'sync.status': method<SyncStatus>()(none, 'Registry enrolment and sync status'),
  'sync.enrol': method<SyncStatus>()(
    z
      .object({
        registryUrl: z
          .string()
          .trim()
          .url('the registry address, like https://registry.example.com')
          .refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// address')
          .max(2048),
        token: z.string().trim().min(1, 'the enrolment token enrol.KEYID.ORG.SECRET').max(400),
      })
      .strict(),
    'Enrol this workstation with a rights registry using a one-time token (pins the registry key it names)',
  ),
  'sync.now': method<SyncStatus>()(none, 'Sync with the registry now: pull changes, push usage records, check in'),

  'ingest.open': method<IngestSessionView>()(
    ingestOpenSchema,
    'Cut a photo out and place body keypoints (pose) or garment landmarks (garment) for editing',
  ),
  'ingest.savePose': method<SavedPoseView>()(
    z
      .object({
        sessionId: z.string().uuid(),
        packDir: localPath,
        poseId: ingestIdSchema,
        points: namedPointsWireSchema,
        strokes: brushStrokesWireSchema.default([]),
        /** The front-parts brush (forearms and hands in front of worn garments), painted from an empty mask. */
        frontStrokes: brushStrokesWireSchema.default([]),
      })
      .strict(),
    'Write the edited cut-out and its keypoints as poses/<poseId>.png and .json of a pack folder, and its front-parts ' +
      'mask as poses/<poseId>.front.png when one is painted',
  ),
  'ingest.saveGarment': method<GarmentView>()(
    z
      .object({
        sessionId: z.string().uuid(),
        garmentId: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'an id of 2–64 lowercase letters, digits, _ -'),
        sku: z.string().min(1).max(64),
        name: z.string().min(1).max(120),
        layer: z.enum(['under', 'over']).default('over'),
        points: namedPointsWireSchema,
        strokes: brushStrokesWireSchema.default([]),
      })
      .strict(),
    'Import the edited cut-out and its landmarks into the garment library (as garment import does)',
  ),
  'ingest.packDraft': method<PackDraftView>()(
    z.object({ packDir: localPath }).strict(),
    "A pack folder's twin.json fields and the poses saved in it, for the pack builder",
  ),
  'ingest.signPack': method<PackBuiltView>()(
    z.object({ packDir: localPath, keyPath: localPath, draft: z.record(z.string(), z.unknown()) }).strict(),
    "Write twin.json from the builder's fields and sign the pack with the owner's key (checked as twin verify does)",
  ),
} as const;

export type Contract = typeof CONTRACT;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<Contract[M]['output']>;
export const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(CONTRACT, name);
}

/** The typed client shape: `api['twins.list'](input)`. Transports implement `call` and get this for free. */
export type StudioApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };
