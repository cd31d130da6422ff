import { COLOUR_LABELS, type ColourLabel } from '../contract/index.ts';
import { expectedFor, StudioError } from '../errors/index.ts';
import { migrate, type Db } from '../storage/index.ts';

export { COLOUR_LABELS, type ColourLabel };

/**
 * A reviewer's stars (0 = none, 1–5) and colour label on an output: working marks, not decisions, so they live
 * beside the output (never in the ledger) and may change any number of times. Own migration domain, so the
 * outputs table's history stays the outputs room's.
 */
export const MARKS_MIGRATIONS = [
  `ALTER TABLE outputs ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
   ALTER TABLE outputs ADD COLUMN colour TEXT;
   CREATE INDEX outputs_by_rating ON outputs (rating, created_at);
   CREATE INDEX outputs_by_colour ON outputs (colour, created_at);`,
] as const;

export interface OutputMarks {
  /** 0 clears the stars. */
  rating?: number;
  /** null clears the label. */
  colour?: ColourLabel | null;
}

export function migrateMarks(db: Db): void {
  migrate(db, 'outputs.marks', MARKS_MIGRATIONS);
}

/** Checks marks before any row changes: a bad value names what was expected and what arrived. */
export function checkMarks(marks: OutputMarks): void {
  const { rating, colour } = marks;
  if (rating !== undefined && !(Number.isInteger(rating) && rating >= 0 && rating <= 5))
    throw new StudioError('REVIEW_INPUT_INVALID', expectedFor('0 to 5 stars', 'the rating', rating), { rating });
  if (colour !== undefined && colour !== null && !COLOUR_LABELS.includes(colour))
    throw new StudioError(
      'REVIEW_INPUT_INVALID',
      expectedFor(`one of ${COLOUR_LABELS.join(', ')} or none`, 'the colour label', colour),
      { colour },
    );
  if (rating === undefined && colour === undefined)
    throw new StudioError('REVIEW_INPUT_INVALID', 'Expected a rating or a colour label to set; got neither', {});
}
