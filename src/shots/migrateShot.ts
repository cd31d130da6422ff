import { parseWith } from '../validation.ts';
import { shotSchema, type Shot } from '../contract/index.ts';
import { SHOT_FORMAT } from './shot.schema.ts';

type Migration = { from: string; to: string; up(raw: Record<string, unknown>): Record<string, unknown> };

/**
 * Shot documents are migrated on read, one step at a time (tldraw-style sequence), so a shot saved by an
 * older version still opens. `shot/0` was the pre-release draft without look or use defaults; `shot/1` had
 * no revision.
 */
const MIGRATIONS: Migration[] = [
  {
    from: 'shot/0',
    to: 'shot/1',
    up: (raw) => ({
      ...raw,
      look: raw.look ?? { shadow: 0.6, harmonize: 0.5 },
      use: raw.use ?? { channel: 'ecommerce', territory: 'EU' },
    }),
  },
  // Shots saved before revisions were counted start at 0: the first save from any window makes it 1.
  { from: 'shot/1', to: 'shot/2', up: (raw) => ({ ...raw, revision: raw.revision ?? 0 }) },
];

export function migrateShot(raw: unknown, source = 'The shot'): Shot {
  let doc = (raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : raw) as Record<string, unknown>;
  if (doc && typeof doc === 'object') {
    if (doc.format === undefined) doc.format = 'shot/0';
    for (const step of MIGRATIONS) {
      if (doc.format === step.from) doc = { ...step.up(doc), format: step.to };
    }
    if (doc.format !== SHOT_FORMAT) {
      return parseWith(
        shotSchema,
        doc,
        'SHOT_FORMAT_UNKNOWN',
        `${source} (format ${String(doc.format)}, this app reads up to ${SHOT_FORMAT})`,
      );
    }
  }
  return parseWith(shotSchema, doc, 'SHOT_INVALID', source);
}
