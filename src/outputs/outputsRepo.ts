import { existsSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../errors/index.ts';
import { migrate, type Db } from '../storage/index.ts';
import { checkMarks, migrateMarks, type ColourLabel, type OutputMarks } from './marks.ts';
import { OUTPUTS_MIGRATIONS } from './migrations.ts';

export const OUTPUT_STATES = ['generated', 'approved', 'rejected'] as const;
export type OutputState = (typeof OUTPUT_STATES)[number];

export interface OutputEntry {
  outputId: string;
  shotId: string;
  /** Absolute path of the stamped file. */
  file: string;
  format: string;
  width: number;
  height: number;
  sha256: string;
  twinId: string;
  licenceId: string;
  sceneId: string;
  /** The twin's pose in the shot; null for outputs rendered before poses were recorded. */
  poseId: string | null;
  provider: string;
  previousOutputId: string | null;
  createdAt: string;
  state: OutputState;
  stateBy: string | null;
  stateAt: string | null;
  stateComment: string | null;
  /** The reviewer's stars, 0 (none) to 5, and colour label (marks.ts). */
  rating: number;
  colour: ColourLabel | null;
}

export type NewOutput = Omit<
  OutputEntry,
  'state' | 'stateBy' | 'stateAt' | 'stateComment' | 'previousOutputId' | 'createdAt' | 'poseId' | 'rating' | 'colour'
> & { poseId?: string | null };

/** What the gallery may filter on; every filter is answered by an index. */
export interface OutputFilter {
  state?: OutputState;
  shotId?: string;
  sceneId?: string;
  poseId?: string;
  /** At least this many stars (1–5). */
  minRating?: number;
  colour?: ColourLabel;
}

export interface OutputPage {
  items: OutputEntry[];
  /** Hand back to get the page after this one; null on the last page. */
  nextCursor: string | null;
}

export const PAGE_LIMIT = { default: 60, max: 200 } as const;

/** The cursor names the last row of a page (created_at, rowid): the next page starts strictly after it. */
function encodeCursor(createdAt: string, rowid: number): string {
  return Buffer.from(`${createdAt}|${rowid}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; rowid: number } {
  const [createdAt, rowid] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const n = Number(rowid);
  if (!createdAt || !Number.isSafeInteger(n) || n < 0 || Number.isNaN(Date.parse(createdAt)))
    throw new StudioError(
      'INVALID_INPUT',
      `Expected a cursor from a previous page of outputs; got ${JSON.stringify(cursor.slice(0, 80))}. ` +
        'Start again without a cursor',
      { cursor: cursor.slice(0, 80) },
    );
  return { createdAt, rowid: n };
}

const COLUMNS = `output_id AS outputId, shot_id AS shotId, file, format, width, height, sha256, twin_id AS twinId, licence_id AS licenceId,
  scene_id AS sceneId, pose_id AS poseId, provider, previous_output_id AS previousOutputId, created_at AS createdAt, state, state_by AS stateBy,
  state_at AS stateAt, state_comment AS stateComment, rating, colour`;

/** The catalogue of rendered files; paths are stored relative to the workspace so a moved workspace still works. */
export function createOutputsRepo(deps: { db: Db; root: string; now: () => Date }) {
  const { db, root, now } = deps;
  migrate(db, 'outputs', OUTPUTS_MIGRATIONS);
  migrateMarks(db);
  const absolute = (row: OutputEntry): OutputEntry => ({ ...row, file: path.resolve(root, row.file) });

  return {
    /** Adds a new render; it starts as `generated` and points at the shot's previous output. */
    add(entry: NewOutput): OutputEntry {
      const previous = db
        .prepare('SELECT output_id AS id FROM outputs WHERE shot_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
        .get(entry.shotId) as { id: string } | undefined;
      db.prepare(
        `INSERT INTO outputs (output_id, shot_id, file, format, width, height, sha256, twin_id, licence_id, scene_id, pose_id, provider, previous_output_id, created_at)
         VALUES (@outputId, @shotId, @file, @format, @width, @height, @sha256, @twinId, @licenceId, @sceneId, @poseId, @provider, @previous, @createdAt)`,
      ).run({
        ...entry,
        poseId: entry.poseId ?? null,
        file: path.relative(root, entry.file),
        previous: previous?.id ?? null,
        createdAt: now().toISOString(),
      });
      return this.get(entry.outputId);
    },

    get(outputId: string): OutputEntry {
      const row = db.prepare(`SELECT ${COLUMNS} FROM outputs WHERE output_id = ?`).get(outputId) as
        OutputEntry | undefined;
      if (!row)
        throw new StudioError(
          'OUTPUT_NOT_FOUND',
          `No output ${outputId} in this workspace; 'twin-studio outputs list' shows them`,
          { outputId },
        );
      return absolute(row);
    },

    list(filter: { state?: OutputState; shotId?: string } = {}): OutputEntry[] {
      const rows = db
        .prepare(
          `SELECT ${COLUMNS} FROM outputs WHERE (@state IS NULL OR state = @state) AND (@shotId IS NULL OR shot_id = @shotId) ORDER BY created_at DESC, rowid DESC`,
        )
        .all({ state: filter.state ?? null, shotId: filter.shotId ?? null }) as OutputEntry[];
      return rows.map(absolute);
    },

    /**
     * One page, newest first, over an index: the cursor is a keyset (created_at, rowid), so a deep page costs what
     * the first does and rows added meanwhile neither repeat nor shift the pages after the cursor.
     */
    page(filter: OutputFilter & { limit?: number; cursor?: string | null } = {}): OutputPage {
      const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? PAGE_LIMIT.default)), PAGE_LIMIT.max);
      const after = filter.cursor ? decodeCursor(filter.cursor) : null;
      const where: string[] = [];
      const params: Record<string, string | number> = { limit: limit + 1 };
      const equal: [keyof OutputFilter, string][] = [
        ['state', 'state'],
        ['shotId', 'shot_id'],
        ['sceneId', 'scene_id'],
        ['poseId', 'pose_id'],
        ['colour', 'colour'],
      ];
      for (const [key, column] of equal) {
        const value = filter[key];
        if (value === undefined) continue;
        where.push(`${column} = @${key}`);
        params[key] = value;
      }
      if (filter.minRating !== undefined) {
        where.push('rating >= @minRating');
        params.minRating = filter.minRating;
      }
      if (after) {
        where.push('(created_at < @afterAt OR (created_at = @afterAt AND rowid < @afterRow))');
        params.afterAt = after.createdAt;
        params.afterRow = after.rowid;
      }
      const rows = db
        .prepare(
          `SELECT ${COLUMNS}, rowid AS _rowid FROM outputs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
        )
        .all(params) as (OutputEntry & { _rowid: number })[];
      const more = rows.length > limit;
      const shown = more ? rows.slice(0, limit) : rows;
      const last = shown.at(-1);
      return {
        items: shown.map(({ _rowid, ...row }) => absolute(row)),
        nextCursor: more && last ? encodeCursor(last.createdAt, last._rowid) : null,
      };
    },

    /**
     * Outputs whose file is not where the catalogue says (deleted or moved by hand, or lost in a crash that left
     * nothing to recover): each has a committed usage record, so `ledger verify` and `outputs list` name them.
     */
    missingFiles(): OutputEntry[] {
      return this.list().filter((o) => !existsSync(o.file));
    },

    setState(outputId: string, state: OutputState, by: string, comment: string | null): OutputEntry {
      const changed = db
        .prepare('UPDATE outputs SET state = ?, state_by = ?, state_at = ?, state_comment = ? WHERE output_id = ?')
        .run(state, by, now().toISOString(), comment, outputId).changes;
      if (changed === 0)
        throw new StudioError('OUTPUT_NOT_FOUND', `No output ${outputId} in this workspace`, { outputId });
      return this.get(outputId);
    },

    /** Sets stars and/or colour label on each output at once; an unknown id changes none of them. */
    mark(outputIds: readonly string[], marks: OutputMarks): OutputEntry[] {
      checkMarks(marks);
      const sets = [
        ...(marks.rating !== undefined ? ['rating = @rating'] : []),
        ...(marks.colour !== undefined ? ['colour = @colour'] : []),
      ];
      const update = db.prepare(`UPDATE outputs SET ${sets.join(', ')} WHERE output_id = @outputId`);
      return db.transaction(() =>
        outputIds.map((outputId) => {
          if (update.run({ rating: marks.rating ?? 0, colour: marks.colour ?? null, outputId }).changes === 0)
            throw new StudioError('OUTPUT_NOT_FOUND', `No output ${outputId} in this workspace`, { outputId });
          return this.get(outputId);
        }),
      )();
    },
  };
}
export type OutputsRepo = ReturnType<typeof createOutputsRepo>;
