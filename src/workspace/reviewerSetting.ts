import { expectedFor, StudioError } from '../errors/index.ts';
import type { Db } from '../storage/index.ts';

/** The workspace setting that holds the reviewer's name (Settings → Reviewer). */
export const REVIEWER_SETTING = 'review.reviewer';
/** The ledger's `user` field holds at most this many characters. */
const NAME_MAX = 120;

/**
 * The name a review decision is recorded under (the ledger's `user`, the output's "decided by"): the person at the
 * workstation, set in Settings, instead of the operating system's account. Null when nobody has set one.
 */
export function createReviewerSetting(db: Db) {
  return {
    get(): string | null {
      const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(REVIEWER_SETTING) as
        { value: string } | undefined;
      return row?.value || null;
    },
    /** An empty name clears the setting (decisions then go under the signed-in user again). */
    set(name: string): string | null {
      const clean = name.trim();
      // Control characters would let a name forge lines in the CSV and logs the ledger feeds.
      if (clean.length > NAME_MAX || /[\u0000-\u001f\u007f]/.test(clean))
        throw new StudioError(
          'REVIEW_INPUT_INVALID',
          expectedFor(`a name of at most ${NAME_MAX} printable characters`, 'the reviewer', clean),
          { length: clean.length },
        );
      if (!clean) db.prepare('DELETE FROM settings WHERE key = ?').run(REVIEWER_SETTING);
      else
        db.prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        ).run(REVIEWER_SETTING, clean);
      return clean || null;
    },
  };
}
export type ReviewerSetting = ReturnType<typeof createReviewerSetting>;
