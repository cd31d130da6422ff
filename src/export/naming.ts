import type { ExportPreset, NamingToken } from './preset.schema.ts';

export const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;

/** Anything outside letters, digits, dot, dash and underscore becomes a dash; never empty. */
export function safePart(value: string, fallback: string): string {
  const cleaned = value
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 64);
  return cleaned || fallback;
}

/**
 * Expands the preset's template. `{n}` is the output's render number within its shot (1 = first render),
 * which never changes once rendered, so re-running a batch gives every image the same name.
 */
export function expandName(preset: ExportPreset, values: Partial<Record<NamingToken, string>>): string {
  const stem = preset.naming.replace(/\{([a-z]+)\}/g, (_, token: NamingToken) =>
    safePart(values[token] ?? '', token === 'sku' ? 'nosku' : 'x'),
  );
  return `${stem}.${EXTENSIONS[preset.format]}`;
}

/** Makes names unique in a stable order: the second `a.jpg` becomes `a-2.jpg`. */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    let candidate = name;
    for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${name.slice(0, dot)}-${i}${name.slice(dot)}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

/** `{index}`: the image's place in the batch, 1-based, zero-padded to at least three digits (001, 002, …). */
export function indexToken(index: number, total: number): string {
  return String(index + 1).padStart(Math.max(3, String(total).length), '0');
}

/** `{date}`: the export's day in UTC, as YYYYMMDD. */
export function dateToken(now: Date): string {
  return now.toISOString().slice(0, 10).replace(/-/g, '');
}
