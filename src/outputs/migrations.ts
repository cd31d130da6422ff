/** Rendered outputs and their review state. The usage ledger stays the record of use; this is the catalogue of files. */
export const OUTPUTS_MIGRATIONS = [
  `CREATE TABLE outputs (
     output_id TEXT PRIMARY KEY,          -- the usage id of the render record
     shot_id TEXT NOT NULL,
     file TEXT NOT NULL,                  -- relative to the workspace root
     format TEXT NOT NULL,
     width INTEGER NOT NULL,
     height INTEGER NOT NULL,
     sha256 TEXT NOT NULL,
     twin_id TEXT NOT NULL,
     licence_id TEXT NOT NULL,
     scene_id TEXT NOT NULL,
     provider TEXT NOT NULL,
     previous_output_id TEXT,             -- the output this one re-renders, for before/after compare
     created_at TEXT NOT NULL,
     state TEXT NOT NULL DEFAULT 'generated' CHECK (state IN ('generated', 'approved', 'rejected')),
     state_by TEXT,
     state_at TEXT,
     state_comment TEXT
   );
   CREATE INDEX outputs_by_shot ON outputs (shot_id, created_at);
   CREATE INDEX outputs_by_state ON outputs (state, created_at);`,
  // Review annotations: kept beside the file, never drawn into it. Coordinates are normalised 0..1.
  `CREATE TABLE output_annotations (
     annotation_id TEXT PRIMARY KEY,
     output_id TEXT NOT NULL REFERENCES outputs (output_id),
     body TEXT NOT NULL,                  -- the annotation as JSON (pin or rect, with its note)
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX output_annotations_by_output ON output_annotations (output_id, created_at);`,
  // The gallery pages newest first over an index (keyset: created_at, rowid), filtered by scene or pose too.
  `ALTER TABLE outputs ADD COLUMN pose_id TEXT;
   CREATE INDEX outputs_by_created ON outputs (created_at);
   CREATE INDEX outputs_by_scene ON outputs (scene_id, created_at);
   CREATE INDEX outputs_by_pose ON outputs (pose_id, created_at);`,
] as const;
