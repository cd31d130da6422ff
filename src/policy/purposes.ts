import type { Channel } from '../twins/index.ts';

/** The purposes the studio can name for a use; a consent's free-text purposes are read against these. */
export const PURPOSES = ['product imagery', 'campaign', 'internal'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The words a consent may use for each purpose (compared lowercase, spaces trimmed). */
const PURPOSE_WORDS: Record<Purpose, readonly string[]> = {
  'product imagery': ['product imagery', 'catalogue', 'catalog', 'e-commerce', 'ecommerce', 'product pages'],
  campaign: ['campaign', 'advertising', 'marketing'],
  internal: ['internal', 'internal review'],
};

/**
 * The purpose a use serves when the shot names none: the channel decides. Shop and marketplace pictures are product
 * imagery; social, print, outdoor and broadcast are campaigns; internal stays internal.
 */
export const PURPOSE_OF_CHANNEL: Record<Channel, Purpose> = {
  ecommerce: 'product imagery',
  marketplace: 'product imagery',
  social: 'campaign',
  print: 'campaign',
  outdoor: 'campaign',
  broadcast: 'campaign',
  internal: 'internal',
};

/** Whether a consent's purposes name this purpose (in any of its words). */
export function consentCoversPurpose(consented: readonly string[], purpose: Purpose): boolean {
  const words = PURPOSE_WORDS[purpose];
  return consented.some((p) => words.includes(p.trim().toLowerCase()));
}
