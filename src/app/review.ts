import { createReview, type Review } from '../review/index.ts';
import { createReviewerSetting } from '../workspace/index.ts';
import type { Studio } from './openStudio.ts';

/** The review service over an open studio. */
export function reviewFor(studio: Studio): Review {
  return createReview({
    db: studio.ws.db,
    outputs: studio.outputs,
    ledger: studio.ledger,
    user: studio.user,
    reviewer: createReviewerSetting(studio.ws.db).get,
    now: studio.ws.now,
  });
}
