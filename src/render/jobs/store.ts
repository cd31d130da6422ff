import { migrate, type Db } from '../../storage/index.ts';
import type { ProviderAttempt } from '../models.ts';
import { errorCodeOf, type ErrorCode } from '../../errors/index.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RenderJob {
  jobId: string;
  shotId: string;
  /** The shot exactly as enqueued: a later edit of the shot does not change a queued job. */
  shot: unknown;
  state: JobState;
  stage: string | null;
  progress: number;
  provider: string | null;
  attempts: ProviderAttempt[];
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> } | null;
  outputPath: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export const RENDER_QUEUE_MIGRATIONS = [
  `CREATE TABLE render_jobs (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     job_id TEXT NOT NULL UNIQUE,
     shot_id TEXT NOT NULL,
     shot_json TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled')),
     stage TEXT,
     progress REAL NOT NULL DEFAULT 0,
     provider TEXT,
     attempts_json TEXT NOT NULL DEFAULT '[]',
     error_json TEXT,
     output_path TEXT,
     created_at TEXT NOT NULL,
     started_at TEXT,
     finished_at TEXT,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX render_jobs_state ON render_jobs (state, seq);`,
] as const;

interface Row {
  job_id: string;
  shot_id: string;
  shot_json: string;
  state: JobState;
  stage: string | null;
  progress: number;
  provider: string | null;
  attempts_json: string;
  error_json: string | null;
  output_path: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

/** A job's error as stored: a code this build no longer knows reads as INTERNAL, with its message kept. */
function storedError(json: string): RenderJob['error'] {
  const error = JSON.parse(json) as { code?: unknown; message?: string; details?: Record<string, unknown> };
  return { ...error, code: errorCodeOf(error.code), message: error.message ?? '' };
}

const toJob = (r: Row): RenderJob => ({
  jobId: r.job_id,
  shotId: r.shot_id,
  shot: JSON.parse(r.shot_json),
  state: r.state,
  stage: r.stage,
  progress: r.progress,
  provider: r.provider,
  attempts: JSON.parse(r.attempts_json) as ProviderAttempt[],
  error: r.error_json === null ? null : storedError(r.error_json),
  outputPath: r.output_path,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
});

export type JobPatch = Partial<
  Pick<
    RenderJob,
    'state' | 'stage' | 'progress' | 'provider' | 'attempts' | 'error' | 'outputPath' | 'startedAt' | 'finishedAt'
  >
>;

/** The queue's rows in SQLite; every write is one statement, so a crash leaves each job in one state. */
export function createJobStore(db: Db, now: () => Date) {
  migrate(db, 'render_queue', RENDER_QUEUE_MIGRATIONS);
  const iso = () => now().toISOString();
  return {
    insert(jobId: string, shotId: string, shot: unknown): RenderJob {
      const t = iso();
      db.prepare(
        'INSERT INTO render_jobs (job_id, shot_id, shot_json, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(jobId, shotId, JSON.stringify(shot), 'queued', t, t);
      return this.get(jobId) as RenderJob;
    },
    get(jobId: string): RenderJob | undefined {
      const row = db.prepare('SELECT * FROM render_jobs WHERE job_id = ?').get(jobId) as Row | undefined;
      return row && toJob(row);
    },
    list(): RenderJob[] {
      return (db.prepare('SELECT * FROM render_jobs ORDER BY seq').all() as Row[]).map(toJob);
    },
    /** Takes the oldest queued job and marks it running, atomically. */
    claimNext(): RenderJob | undefined {
      const row = db
        .prepare(
          "UPDATE render_jobs SET state = 'running', started_at = ?, updated_at = ?, stage = NULL, progress = 0 WHERE seq = (SELECT seq FROM render_jobs WHERE state = 'queued' ORDER BY seq LIMIT 1) RETURNING *",
        )
        .get(iso(), iso()) as Row | undefined;
      return row && toJob(row);
    },
    patch(jobId: string, p: JobPatch): RenderJob {
      const cols: string[] = [];
      const values: unknown[] = [];
      const set = (col: string, v: unknown) => {
        cols.push(`${col} = ?`);
        values.push(v);
      };
      if (p.state !== undefined) set('state', p.state);
      if (p.stage !== undefined) set('stage', p.stage);
      if (p.progress !== undefined) set('progress', p.progress);
      if (p.provider !== undefined) set('provider', p.provider);
      if (p.attempts !== undefined) set('attempts_json', JSON.stringify(p.attempts));
      if (p.error !== undefined) set('error_json', p.error === null ? null : JSON.stringify(p.error));
      if (p.outputPath !== undefined) set('output_path', p.outputPath);
      if (p.startedAt !== undefined) set('started_at', p.startedAt);
      if (p.finishedAt !== undefined) set('finished_at', p.finishedAt);
      set('updated_at', iso());
      db.prepare(`UPDATE render_jobs SET ${cols.join(', ')} WHERE job_id = ?`).run(...values, jobId);
      return this.get(jobId) as RenderJob;
    },
    /** After a crash: jobs left running go back to the queue; finished ones stay finished. */
    requeueInterrupted(): number {
      return db
        .prepare(
          "UPDATE render_jobs SET state = 'queued', stage = NULL, progress = 0, updated_at = ? WHERE state = 'running'",
        )
        .run(iso()).changes;
    },
  };
}
export type JobStore = ReturnType<typeof createJobStore>;
