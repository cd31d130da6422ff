/**
 * Every error code the studio, the registry and the bridges answer with, declared once (the way fastify's
 * lib/errors.js does): its HTTP status, its CLI exit and what it means. Codes are part of the CLI and API
 * contract (scripts match on them), so a code is never assembled at run time: `StudioError` only takes a
 * key of this table, and a server's status or the CLI's exit is read from here, never from a second map.
 *
 * Pure TypeScript with no imports: the contract, the renderer and the core all read it.
 * Statuses: 400 malformed input · 401 not authenticated · 403 refused by a rule (policy, trust, signature) ·
 * 404 not found · 409 conflicts with the current state · 413 too large · 500 our fault or a broken install ·
 * 501 not supported here · 502 the registry answered wrongly · 503 something needed is not running.
 * Exits: 2 for a malformed command line, 1 for everything else.
 */
export const ERROR_CODES = {
  // The command line and the bridges (CLI, IPC, HTTP)
  USAGE: { status: 400, exit: 2, description: 'The command line names no such command or flag, or lacks an argument' },
  INVALID_ARGUMENT: { status: 400, exit: 1, description: 'A flag or argument has a value outside what it accepts' },
  INVALID_INPUT: { status: 400, exit: 1, description: "An API call's input does not match the method's schema" },
  UNKNOWN_METHOD: { status: 400, exit: 1, description: 'The API has no method of that name' },
  REQUEST_INVALID: {
    status: 400,
    exit: 1,
    description: "A registry request's body or query does not match the expected shape",
  },
  PAYLOAD_TOO_LARGE: { status: 413, exit: 1, description: 'A request body is larger than the server accepts' },
  NOT_FOUND: { status: 404, exit: 1, description: 'The server has no such endpoint' },
  UNAUTHENTICATED: { status: 401, exit: 1, description: 'A registry request is not signed by an enrolled workstation' },
  UNAUTHORISED: { status: 401, exit: 1, description: 'A browser-mode page has no valid access token' },
  FORBIDDEN: { status: 403, exit: 1, description: 'The caller is authenticated but may not do this' },
  CLOCK_SKEW: { status: 401, exit: 1, description: "A request's timestamp is too far from the registry's clock" },
  IPC_SENDER_REFUSED: {
    status: 403,
    exit: 1,
    description: 'An IPC call came from a frame other than the studio window',
  },
  STUDIO_UNREACHABLE: { status: 503, exit: 1, description: 'The browser-mode studio server did not answer' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    exit: 1,
    description: 'The service behind this method is not running in this process',
  },
  INTERNAL: { status: 500, exit: 1, description: 'An unexpected failure; the message and the debug trace say where' },
  BUG: { status: 500, exit: 1, description: 'A broken invariant inside Twin Studio: please report it' },

  // Files, paths and stores
  PATH_OUTSIDE_ROOT: { status: 403, exit: 1, description: 'A path resolves outside the folder it must stay in' },
  PATH_NOT_FOUND: { status: 404, exit: 1, description: 'No file at that path in the workspace' },
  FILE_NOT_FOUND: { status: 404, exit: 1, description: 'A file named on the command line cannot be read' },
  FILE_EXISTS: { status: 409, exit: 1, description: 'A file would be overwritten without --force' },
  DB_OPEN_FAILED: { status: 500, exit: 1, description: 'A database file cannot be opened' },
  DB_TOO_NEW: { status: 500, exit: 1, description: 'The database was written by a newer Twin Studio' },
  JSON_NOT_CANONICAL: { status: 400, exit: 1, description: 'A value cannot be written as RFC 8785 canonical JSON' },
  KEY_INVALID: { status: 400, exit: 1, description: 'A key is not an Ed25519 key in PEM form' },
  WORKSPACE_NOT_FOUND: { status: 404, exit: 1, description: 'No Twin Studio workspace at that folder' },
  WORKSPACE_INVALID: { status: 500, exit: 1, description: "The workspace's marker file is damaged" },
  TRUST_INVALID: { status: 500, exit: 1, description: "The workspace's pinned registry keys are damaged" },

  // Catalogue: twins, poses, garments, scenes, images, shots
  PACK_NOT_FOUND: { status: 404, exit: 1, description: 'No twin pack at that path' },
  PACK_INVALID: { status: 400, exit: 1, description: 'A twin pack is not a well-formed twinpack/1' },
  PACK_TAMPERED: { status: 403, exit: 1, description: "A twin pack's signature or a file hash does not verify" },
  PACK_OWNER_UNKNOWN: {
    status: 403,
    exit: 1,
    description: "A twin pack is signed by a key not on the registry's owner list",
  },
  PACK_TOO_LARGE: { status: 413, exit: 1, description: 'A twin pack holds more files or bytes than accepted' },
  TWIN_NOT_FOUND: { status: 404, exit: 1, description: 'No twin of that id in the workspace' },
  POSE_NOT_FOUND: { status: 404, exit: 1, description: 'The twin has no pose of that id' },
  GARMENT_INVALID: { status: 400, exit: 1, description: 'A garment folder or garment.json is malformed' },
  GARMENT_NOT_FOUND: { status: 404, exit: 1, description: 'No garment of that id in the catalogue' },
  SCENE_INVALID: { status: 400, exit: 1, description: 'A scene folder or scene.json is malformed' },
  SCENE_NOT_FOUND: { status: 404, exit: 1, description: 'No scene of that id in the catalogue' },
  IMAGE_MISSING: { status: 404, exit: 1, description: 'An image a catalogue item names is not there' },
  IMAGE_CORRUPT: { status: 400, exit: 1, description: 'An image cannot be decoded' },
  IMAGE_TOO_LARGE: { status: 413, exit: 1, description: 'An image is larger than the pixel limit' },
  SHOT_NOT_FOUND: { status: 404, exit: 1, description: 'No shot of that id in the workspace' },
  SHOT_INVALID: { status: 400, exit: 1, description: 'A shot document is malformed' },
  SHOT_FORMAT_UNKNOWN: { status: 400, exit: 1, description: 'A shot document has a format this build cannot read' },
  BATCH_EMPTY: { status: 400, exit: 1, description: 'A batch pattern matches no shot files' },

  // Licences, consent and the policy gate
  LICENCE_INVALID: { status: 400, exit: 1, description: 'A licence file is malformed' },
  LICENCE_NOT_FOUND: { status: 404, exit: 1, description: 'No licence of that id or at that path' },
  LICENCE_SIGNER_UNKNOWN: {
    status: 403,
    exit: 1,
    description: 'A licence is signed by a registry key this workstation does not trust',
  },
  LICENCE_TAMPERED: { status: 403, exit: 1, description: 'A licence was altered after the registry signed it' },
  LICENCE_WIDENS_CONSENT: { status: 403, exit: 1, description: "A licence grants more than the twin's consent allows" },
  LICENCE_WRONG_CONSENT: {
    status: 403,
    exit: 1,
    description: 'A licence rests on another consent than the twin carries',
  },
  LICENCE_WRONG_TWIN: { status: 403, exit: 1, description: 'A licence is for another twin' },
  LICENCE_EXPIRED: { status: 403, exit: 1, description: 'The licence has ended' },
  LICENCE_NOT_YET_VALID: { status: 403, exit: 1, description: 'The licence has not started yet' },
  LICENCE_REVOKED: { status: 403, exit: 1, description: 'The registry revoked the licence' },
  LICENCE_EXISTS: { status: 409, exit: 1, description: 'The registry already issued a licence of that id' },
  LICENCE_ALREADY_REVOKED: { status: 409, exit: 1, description: 'The licence was already revoked' },
  LICENCE_UNKNOWN: { status: 404, exit: 1, description: 'The registry issued no licence of that id' },
  REVOCATION_INVALID: { status: 400, exit: 1, description: 'A revocation file is malformed' },
  REVOCATION_SIGNER_UNKNOWN: {
    status: 403,
    exit: 1,
    description: 'A revocation is signed by a registry key this workstation does not trust',
  },
  REVOCATION_TAMPERED: { status: 403, exit: 1, description: 'A revocation was altered after the registry signed it' },
  WITHDRAWAL_INVALID: { status: 400, exit: 1, description: 'A consent withdrawal is malformed' },
  WITHDRAWAL_SIGNER_UNKNOWN: {
    status: 403,
    exit: 1,
    description: 'A withdrawal is signed by a registry key this workstation does not trust',
  },
  WITHDRAWAL_TAMPERED: {
    status: 403,
    exit: 1,
    description: 'A consent withdrawal was altered after the registry signed it',
  },
  OWNER_LIST_SIGNER_UNKNOWN: {
    status: 403,
    exit: 1,
    description: 'The owner list is signed by a registry key this workstation does not trust',
  },
  OWNER_LIST_TAMPERED: { status: 403, exit: 1, description: 'The owner list was altered after the registry signed it' },
  CONSENT_EXPIRED: { status: 403, exit: 1, description: "The twin's consent has ended" },
  CONSENT_NOT_YET_VALID: { status: 403, exit: 1, description: "The twin's consent has not started yet" },
  CONSENT_WITHDRAWN: { status: 403, exit: 1, description: 'The twin owner withdrew the consent' },
  CHANNEL_NOT_LICENSED: { status: 403, exit: 1, description: 'The channel is outside the licence' },
  TERRITORY_NOT_LICENSED: { status: 403, exit: 1, description: 'The territory is outside the licence' },
  CATEGORY_EXCLUDED: {
    status: 403,
    exit: 1,
    description: 'A garment category is excluded by the consent or the licence',
  },
  FOREGROUND_MASK_INVALID: {
    status: 400,
    exit: 1,
    description: 'A foreground grid handed to the stamp does not match its size (cells ≠ cols × rows, or over 65 536)',
  },
  ENROL_REGISTRY_MISMATCH: {
    status: 409,
    exit: 1,
    description:
      'The enrolling server does not hold the registry key the token names, or this workspace trusts another registry; nothing was pinned',
  },
  ENROLMENT_ORG_INVALID: { status: 400, exit: 1, description: "An enrolment token's organisation id is malformed" },
  REGISTRY_ENROLMENT_ORG_INVALID: {
    status: 502,
    exit: 1,
    description: "The registry refused the enrolment token's organisation id",
  },
  LICENCE_WRONG_ORG: {
    status: 403,
    exit: 1,
    description: 'The licence is for another organisation than the one this workstation enrolled for',
  },
  CLOCK_BEHIND: {
    status: 403,
    exit: 1,
    description: "This machine's clock is behind the latest time the registry signed: set the clock right, then sync",
  },
  USAGE_ID_CLASH: {
    status: 409,
    exit: 1,
    description: 'A workstation pushed a usage id it had already used for another record',
  },
  REGISTRY_USAGE_ID_CLASH: {
    status: 502,
    exit: 1,
    description: 'The registry refused a record whose usage id this workstation already used for another',
  },
  ROTATION_INVALID: {
    status: 400,
    exit: 1,
    description: 'A registry key rotation record is malformed, or its new key id does not match its key',
  },
  ROTATION_SIGNER_UNKNOWN: {
    status: 403,
    exit: 1,
    description: 'A key rotation is signed by a key this workstation does not trust',
  },
  ROTATION_TAMPERED: { status: 403, exit: 1, description: "A key rotation record's signature does not verify" },
  FEED_INVALID: {
    status: 502,
    exit: 1,
    description: 'A change-feed page is not signed by the registry for this workstation and start point',
  },
  FEED_INCOMPLETE: {
    status: 502,
    exit: 1,
    description: 'The lease names changes this workstation never received; the lease is not renewed',
  },
  AUDIT_STATE_INVALID: { status: 400, exit: 1, description: 'The audit state file (--state) is malformed' },
  SHOT_STALE: {
    status: 409,
    exit: 1,
    description: 'The shot was saved elsewhere since this copy was loaded: reload it, keep yours (overwrite) or merge',
  },
  PURPOSE_NOT_CONSENTED: {
    status: 403,
    exit: 1,
    description: "The use serves a purpose the twin's consent does not name (by default, the channel's purpose)",
  },
  ALTERATION_PROHIBITED: {
    status: 403,
    exit: 1,
    description: "The shot's look would alter what the twin's consent prohibits (e.g. relighting skin)",
  },
  QUOTA_EXHAUSTED: { status: 403, exit: 1, description: "The licence's images are used up" },
  PROOF_LIMIT_REACHED: { status: 403, exit: 1, description: "The licence's proofs for today (UTC) are used up" },
  LEASE_EXPIRED: {
    status: 403,
    exit: 1,
    description: 'The workstation has been offline longer than the licence allows',
  },
  NOT_ENROLLED: { status: 403, exit: 1, description: 'The workspace is not enrolled with a registry' },

  // Usage ledger and outputs
  LEDGER_INPUT_INVALID: { status: 400, exit: 1, description: 'A usage record to append is malformed' },
  LEDGER_DUPLICATE_ID: { status: 409, exit: 1, description: 'A usage id is already recorded' },
  LEDGER_CORRUPT: { status: 500, exit: 1, description: 'A stored usage record does not parse' },
  LEDGER_TAMPERED: {
    status: 403,
    exit: 1,
    description: 'The usage ledger fails verification; renders and exports are blocked',
  },
  LEDGER_RECORD_INVALID: {
    status: 403,
    exit: 1,
    description: "An output's render record fails its hash or signature check",
  },
  LEDGER_RECORD_MISSING: { status: 403, exit: 1, description: 'An output has no render record in the ledger' },
  INVALID_USAGE_ID: { status: 400, exit: 1, description: 'A usage id is not a UUID' },
  OUTPUT_NOT_FOUND: { status: 404, exit: 1, description: 'No output of that id in the workspace' },
  OUTPUT_AMBIGUOUS: { status: 400, exit: 1, description: 'A short output id matches more than one output' },
  OUTPUT_EXISTS: {
    status: 409,
    exit: 1,
    description: 'A file is already at the output path; outputs are never overwritten',
  },
  OUTPUT_FORMAT_UNKNOWN: { status: 400, exit: 1, description: 'An output path does not end in .png, .jpg or .webp' },
  OUTPUT_FILE_MISSING: { status: 404, exit: 1, description: "An output's recorded file cannot be read" },
  OUTPUT_HASH_MISMATCH: {
    status: 403,
    exit: 1,
    description: "An output's file does not match its usage record's hash",
  },
  OUTPUT_PROVENANCE_MISSING: { status: 403, exit: 1, description: 'A stored output carries no XMP usage facts' },
  OUTPUT_PROVENANCE_MISMATCH: { status: 403, exit: 1, description: "A stored output's XMP names another usage id" },
  OUTPUT_UNRECORDED: { status: 403, exit: 1, description: 'An output has no render record in the ledger' },
  OUTPUT_WRITE_FAILED: {
    status: 500,
    exit: 1,
    description: 'The output file could not be written; nothing was recorded',
  },
  OUTPUT_COMMIT_INCOMPLETE: {
    status: 500,
    exit: 1,
    description: 'The usage record is committed but the file did not land; the next command recovers it',
  },

  // Rendering
  RENDER_CANCELLED: { status: 409, exit: 1, description: 'The render was cancelled' },
  RENDER_POOL_CLOSED: { status: 503, exit: 1, description: 'The render pool was shut down' },
  RENDER_WORKER_CRASHED: { status: 500, exit: 1, description: 'A render worker thread crashed' },
  RENDER_UPSCALE_MISMATCH: {
    status: 500,
    exit: 1,
    description: 'Render inputs were prepared for the other upscale path',
  },
  JOB_NOT_FOUND: { status: 404, exit: 1, description: 'No render job of that id in the queue' },
  JOB_NOT_CANCELLABLE: { status: 409, exit: 1, description: 'Only queued or running jobs can be cancelled' },
  JOB_NOT_RETRYABLE: { status: 409, exit: 1, description: 'Only failed or cancelled jobs can be retried' },
  GARMENT_FIT_IMPOSSIBLE: {
    status: 400,
    exit: 1,
    description: 'A garment shares too few keypoints with the pose to be fitted',
  },
  GARMENT_OUTSIDE_FRAME: { status: 400, exit: 1, description: 'A garment part lands outside the frame' },
  TOO_MANY_GARMENTS: { status: 400, exit: 1, description: 'More garments than one render pass holds' },
  TILE_SIZE_INVALID: {
    status: 400,
    exit: 1,
    description: 'A render tile side is not a positive multiple of the shadow pool',
  },
  TPS_POINTS_INVALID: {
    status: 400,
    exit: 1,
    description: 'A thin-plate spline needs matching, non-empty point lists',
  },
  PROVIDER_UNKNOWN: { status: 400, exit: 1, description: 'No execution provider of that name' },
  PROVIDER_UNAVAILABLE: {
    status: 503,
    exit: 1,
    description: 'The chosen execution provider cannot start on this machine',
  },
  MODEL_UNKNOWN: { status: 404, exit: 1, description: 'The model manifest lists no model of that id' },
  MODEL_MANIFEST_MISSING: { status: 500, exit: 1, description: 'No models/manifest.json' },
  MODEL_MANIFEST_INVALID: { status: 500, exit: 1, description: 'models/manifest.json is malformed' },
  MODEL_TAMPERED: { status: 403, exit: 1, description: "A model file's hash differs from the manifest" },
  MODEL_CONVERSION_UNSUPPORTED: {
    status: 501,
    exit: 1,
    description: 'A model uses a layer or op the converter does not handle',
  },
  PLATFORM_UNSUPPORTED: { status: 501, exit: 1, description: 'This platform cannot run the operation' },

  // Provenance: label, watermark, XMP, C2PA
  LABEL_CODE_INVALID: {
    status: 400,
    exit: 1,
    description: 'A usage code on the label is not 3 to 32 letters, digits or dashes',
  },
  LABEL_WORDING_INVALID: {
    status: 400,
    exit: 1,
    description: 'The label wording is empty, too long or has no letters',
  },
  LABEL_DOES_NOT_FIT: { status: 400, exit: 1, description: 'The image is too small to carry the label' },
  LABEL_IMAGE_INVALID: { status: 400, exit: 1, description: 'The label was given pixels it cannot draw on' },
  LABEL_FONT_UNUSABLE: { status: 500, exit: 1, description: "The label font's measured proportions are implausible" },
  WATERMARK_BAD_IMAGE: { status: 400, exit: 1, description: 'The watermark was given pixels of the wrong shape' },
  WATERMARK_PAYLOAD_RANGE: { status: 400, exit: 1, description: 'A watermark payload is outside [0, 2^48)' },
  WATERMARK_FAILED: { status: 500, exit: 1, description: 'The watermark returned pixels of the wrong shape' },
  STAMP_FORMAT_INVALID: { status: 400, exit: 1, description: 'An output format other than jpeg, png or webp' },
  STAMP_QUALITY_INVALID: { status: 400, exit: 1, description: 'An encoder quality outside 1 to 100' },
  STAMP_USAGE_INVALID: {
    status: 500,
    exit: 1,
    description: 'The stamp was asked to mark an image without every usage fact',
  },
  C2PA_FORMAT_UNSUPPORTED: { status: 400, exit: 1, description: 'C2PA manifests are written into jpeg and png only' },
  C2PA_FORMAT_MISMATCH: { status: 500, exit: 1, description: 'The bytes to sign are not in the declared format' },
  C2PA_SIGN_FAILED: { status: 500, exit: 1, description: 'Signing the C2PA claim failed' },
  C2PA_UNSUPPORTED: { status: 501, exit: 1, description: 'The C2PA library cannot do this' },
  SIGNING_CERTIFICATE_INVALID: {
    status: 400,
    exit: 1,
    description: 'A C2PA signing certificate lacks what C2PA requires',
  },
  SIGNING_IDENTITY_MISSING: { status: 404, exit: 1, description: 'No C2PA signing identity in the workspace' },
  SIGNING_KEY_INVALID: {
    status: 400,
    exit: 1,
    description: "The C2PA signing certificate's private key cannot be read",
  },

  // Review and export
  REVIEW_INPUT_INVALID: { status: 400, exit: 1, description: 'A review comment or decision is malformed' },
  CLEAN_VIEW_UNAVAILABLE: {
    status: 409,
    exit: 1,
    description: "An output's proof mark could not be taken out for the in-app clean view",
  },
  ANNOTATION_INVALID: { status: 400, exit: 1, description: 'An annotation is malformed' },
  ANNOTATION_NOT_FOUND: { status: 404, exit: 1, description: 'No annotation of that id' },
  EXPORT_PRESET_INVALID: { status: 400, exit: 1, description: 'An export preset file is malformed' },
  EXPORT_PRESET_NOT_FOUND: { status: 404, exit: 1, description: 'No export preset of that name' },
  EXPORT_FILTER_INVALID: { status: 400, exit: 1, description: 'Only approved outputs export' },
  EXPORT_OUT_NOT_EMPTY: {
    status: 409,
    exit: 1,
    description: 'The export folder holds files that are not an earlier batch',
  },
  EXPORT_BATCH_MISMATCH: {
    status: 409,
    exit: 1,
    description: 'The export folder holds a batch made with another preset',
  },
  EXPORT_FILE_CONFLICT: { status: 409, exit: 1, description: 'A file in the export folder is not a recorded export' },
  EXPORT_STATE_INVALID: { status: 500, exit: 1, description: "The export folder's state file is damaged" },
  EXPORT_PROOF_REFUSED: {
    status: 403,
    exit: 1,
    description: 'A proof (screen-size, proof-marked) never exports; render the shot and approve that output',
  },
  EXPORT_BUSY: { status: 409, exit: 1, description: 'Another export is running' },
  EXPORT_CANCELLED: { status: 409, exit: 1, description: 'The export was cancelled' },
  EXPORT_UPSCALE_REFUSED: {
    status: 409,
    exit: 1,
    description: "The preset refuses to upscale and its frame is larger than an image's source",
  },
  EXPORT_RECIPE_INVALID: { status: 400, exit: 1, description: 'An export recipe (or the recipes file) is malformed' },
  EXPORT_RECIPE_NOT_FOUND: { status: 404, exit: 1, description: 'No export recipe of that name' },
  EXPORT_RUN_UNKNOWN: {
    status: 404,
    exit: 1,
    description: 'No finished export run of that id since the studio started',
  },

  // Enrolment, sync and the registry as seen from a workstation
  SIGNING_KEY_MISSING: {
    status: 500,
    exit: 1,
    description: "The registry's private key file is missing, or holds another key than the database names",
  },
  REGISTRY_UNREACHABLE: { status: 503, exit: 1, description: 'The registry did not answer' },
  ENROL_ORG_REQUIRED: {
    status: 400,
    exit: 1,
    description: 'enrol needs --org: the licences do not name exactly one licensee',
  },
  ORG_NAME_INVALID: { status: 400, exit: 1, description: 'An org name has no letters or digits' },
  ENROLMENT_MISMATCH: {
    status: 502,
    exit: 1,
    description: "The registry's enrolment reply names another workstation or key",
  },
  RECEIPT_INVALID: {
    status: 502,
    exit: 1,
    description: 'A registry receipt does not verify against the pinned registry key',
  },
  SYNC_RECEIPT_INVALID: { status: 502, exit: 1, description: 'A push receipt is malformed' },
  SYNC_RECEIPT_MISMATCH: {
    status: 502,
    exit: 1,
    description: "A push receipt does not match this workstation's chain",
  },
  SYNC_REJECTED: { status: 502, exit: 1, description: 'The registry accepted none of the pushed records' },
  SYNC_FORK: { status: 409, exit: 1, description: "The registry's head is not on this workstation's chain" },
  SYNC_EQUIVOCATION: { status: 409, exit: 1, description: 'The registry holds a different record at an acked seq' },
  SYNC_LOOP: { status: 502, exit: 1, description: 'The change feed did not end' },
  SYNC_INCLUSION_FAILED: {
    status: 502,
    exit: 1,
    description: "A push receipt does not prove the acked records are in the registry's log; they stay unacked",
  },
  SYNC_LOG_INCONSISTENT: {
    status: 502,
    exit: 1,
    description:
      'A receipt or lease signs a registry log that does not extend the checkpoint this workstation verified before (rewritten or truncated); nothing is acked, the lease is not renewed',
  },
  SYNC_CHECKPOINT_TAMPERED: {
    status: 403,
    exit: 1,
    description:
      'The log checkpoint the workspace holds is not a registry-signed receipt or lease, or is older than one it holds, or is gone while one exists (the workspace was edited); sync decides nothing on it',
  },
  AUDIT_FAILED: { status: 502, exit: 1, description: "The registry's transparency log does not verify" },
  AUDIT_FETCH_FAILED: { status: 502, exit: 1, description: "The registry's transparency log could not be fetched" },
  // The registry's refusals, reported by a workstation under their own names (src/sync/registryRefusal.ts).
  REGISTRY_ERROR: { status: 502, exit: 1, description: 'The registry refused a request without a known code' },
  REGISTRY_REQUEST_INVALID: { status: 502, exit: 1, description: 'The registry found the request malformed' },
  REGISTRY_PAYLOAD_TOO_LARGE: { status: 502, exit: 1, description: 'The registry found the request too large' },
  REGISTRY_NOT_FOUND: { status: 502, exit: 1, description: 'The registry has no such endpoint (an older registry?)' },
  REGISTRY_INTERNAL: { status: 502, exit: 1, description: 'The registry failed to handle the request' },
  REGISTRY_UNAUTHENTICATED: {
    status: 502,
    exit: 1,
    description: "The registry did not accept this workstation's signature",
  },
  REGISTRY_CLOCK_SKEW: { status: 502, exit: 1, description: "The registry found this workstation's clock too far off" },
  REGISTRY_FORBIDDEN: { status: 502, exit: 1, description: 'The registry refused the workstation this request' },
  REGISTRY_KEY_INVALID: { status: 502, exit: 1, description: "The registry could not read the workstation's key" },
  REGISTRY_WORKSTATION_UNKNOWN: { status: 502, exit: 1, description: 'The registry does not know this workstation' },
  REGISTRY_ENROLMENT_TOKEN_INVALID: {
    status: 502,
    exit: 1,
    description: 'The registry does not know the enrolment token',
  },
  REGISTRY_ENROLMENT_TOKEN_USED: { status: 502, exit: 1, description: 'The enrolment token was already spent' },
  REGISTRY_ENROLMENT_ORG_MISMATCH: { status: 502, exit: 1, description: 'The enrolment token is for another org' },
  REGISTRY_WORKSTATION_ORG_MISMATCH: {
    status: 502,
    exit: 1,
    description: 'The workstation is enrolled for another org',
  },
  REGISTRY_LOG_SIZE_INVALID: {
    status: 502,
    exit: 1,
    description: "The registry's log is smaller than the size asked for",
  },
  REGISTRY_LOG_LEAF_INVALID: {
    status: 502,
    exit: 1,
    description: "The registry's log has no leaf at the index asked for",
  },
  REGISTRY_STATEMENT_PERIOD_INVALID: {
    status: 502,
    exit: 1,
    description: 'The registry found the statement period malformed',
  },

  // The registry server's own answers
  ENROLMENT_TOKEN_INVALID: { status: 401, exit: 1, description: 'The enrolment token is unknown' },
  ENROLMENT_TOKEN_USED: { status: 409, exit: 1, description: 'The enrolment token was already spent' },
  ENROLMENT_ORG_MISMATCH: { status: 403, exit: 1, description: 'The enrolment token is for another org' },
  WORKSTATION_ORG_MISMATCH: {
    status: 409,
    exit: 1,
    description: 'The workstation is already enrolled for another org',
  },
  WORKSTATION_UNKNOWN: { status: 401, exit: 1, description: 'The workstation is not enrolled' },
  EQUIVOCATION: { status: 409, exit: 1, description: 'A pushed record differs from the one already acked at its seq' },
  LOG_SIZE_INVALID: { status: 400, exit: 1, description: 'A log size beyond the current tree' },
  LOG_LEAF_INVALID: { status: 400, exit: 1, description: 'A log leaf index beyond the tree size' },
  LOG_NODES_MISSING: {
    status: 500,
    exit: 1,
    description: "The registry's database lacks a stored subtree of its log (rebuild the tree nodes)",
  },
  STATEMENT_PERIOD_INVALID: { status: 400, exit: 1, description: 'A statement period that is not ISO dates' },

  // The demo workspace
  DEMO_OUT_NOT_EMPTY: { status: 409, exit: 1, description: 'The demo writes into an empty or new folder only' },
  DEMO_GARMENT_UNKNOWN: { status: 400, exit: 1, description: 'No demo garment of that id' },
  DEMO_SCENE_UNKNOWN: { status: 400, exit: 1, description: 'No demo scene of that id' },
  DEMO_SCENE_SIZE: { status: 400, exit: 1, description: 'A demo scene size outside 16 px to 64 MP' },
  DEMO_BROKEN: { status: 500, exit: 1, description: "The demo's own plan names something its pack lacks" },

  // Ingest: studio photos to twin poses and garments
  INGEST_NOT_STUDIO_BACKDROP: {
    status: 400,
    exit: 1,
    description: "A photo's border is not one smooth seamless backdrop, so its subject cannot be keyed out",
  },
  INGEST_NO_SUBJECT: { status: 400, exit: 1, description: 'A studio photo shows nothing but its backdrop' },
  INGEST_CANCELLED: { status: 409, exit: 1, description: 'A photo being prepared was cancelled' },
  INGEST_POSE_INCOMPLETE: {
    status: 400,
    exit: 1,
    description: 'The pose estimator could not place every body keypoint a twin pose needs',
  },
} as const satisfies Record<string, ErrorSpec>;

export interface ErrorSpec {
  /** The HTTP status the registry and the browser-mode server answer with. */
  readonly status: number;
  /** The CLI's exit status. */
  readonly exit: 1 | 2;
  readonly description: string;
}

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** A code that came over a wire (a worker message, a stored job, a server reply): unknown codes read as INTERNAL. */
export function errorCodeOf(value: unknown): ErrorCode {
  return isErrorCode(value) ? value : 'INTERNAL';
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

export function exitCodeOf(code: ErrorCode): number {
  return ERROR_CODES[code].exit;
}
