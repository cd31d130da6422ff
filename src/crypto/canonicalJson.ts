import { StudioError } from '../errors/index.ts';

/**
 * RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest form, strings escaped as JSON.stringify does. Signatures and hashes
 * are always taken over this form, so two parties that parse and re-serialise agree byte for byte.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new StudioError('JSON_NOT_CANONICAL', `Expected a finite number at ${at} but found ${value}`, { at });
      }
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => serialise(v, `${at}[${i}]`)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v, `${at}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new StudioError('JSON_NOT_CANONICAL', `Expected JSON data at ${at} but found a ${typeof value}`, { at });
  }
}

/**
 * The first object key that appears twice in one object of `text` (already valid JSON), or null. JSON.parse keeps
 * the last of two equal keys and other readers keep the first, so a signed document with a repeated key can show
 * different readers different values under one signature: such text is refused wherever signed JSON enters.
 * Keys compare after unescaping ("a" and "\u0061" are the same key).
 */
export function duplicateKeyIn(text: string): string | null {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top && expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack.at(-1) instanceof Set;
    }
  }
  return null;
}
