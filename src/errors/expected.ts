/**
 * The one wording of a mismatch, as sharp's `invalidParameterError` does it:
 * "Expected a whole number from 0 to 65535 for --port but received "80a"". A message built here names what
 * was expected, where, and what arrived, so the reader can fix the input without reading code.
 * Pure TypeScript: the contract (zod issues at the API boundary) and the core both use it.
 */
export function expectedFor(expected: string, name: string, received: unknown): string {
  return `Expected ${expected} for ${name} but received ${describeReceived(received)}`;
}

const MAX_SHOWN = 60;

/** A value as a message shows it: strings quoted, long values cut, a missing value as "nothing". */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  const kind = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : '';
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    return kind || String(value);
  }
  const text = kind ? `${kind} ${shown}` : shown;
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** What a zod issue says, structurally: src/errors imports no package, so zod's own type stays outside. */
export interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: unknown;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  values?: readonly unknown[];
  keys?: readonly string[];
  pattern?: unknown;
}

/** The dotted path of an issue, or `root` for the value itself. */
export function issuePath(issue: SchemaIssue, root = '(input)'): string {
  return issue.path.length ? issue.path.map(String).join('.') : root;
}

/** zod's own messages start so; anything else is a schema author's description of what is expected. */
const DEFAULT_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized)/;

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function bound(issue: SchemaIssue, side: 'at least' | 'at most'): string {
  const n = side === 'at least' ? issue.minimum : issue.maximum;
  const unit =
    issue.origin === 'string' ? ' characters' : issue.origin === 'array' || issue.origin === 'set' ? ' items' : '';
  const strict = issue.inclusive === false ? (side === 'at least' ? 'more than' : 'less than') : side;
  return unit ? `${strict} ${String(n)}${unit}` : `a number ${strict} ${String(n)}`;
}

function expectation(issue: SchemaIssue): string {
  if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return article(String(issue.expected));
    case 'too_small':
      return bound(issue, 'at least');
    case 'too_big':
      return bound(issue, 'at most');
    case 'invalid_value':
      if (issue.values?.length === 1) return JSON.stringify(issue.values[0]);
      return `one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.pattern !== undefined ? `a string matching ${String(issue.pattern)}` : issue.message;
    case 'unrecognized_keys':
      return 'only the known keys';
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A zod issue in the one wording; `root` is what was parsed, so the message can show what arrived. */
export function describeIssue(issue: SchemaIssue, root: unknown, name = issuePath(issue)): string {
  const received =
    issue.code === 'unrecognized_keys' ? `key ${(issue.keys ?? []).join(', ')}` : valueAt(root, issue.path);
  if (issue.code === 'unrecognized_keys')
    return `Expected ${expectation(issue)} for ${name} but received ${String(received)}`;
  return expectedFor(expectation(issue), name, received);
}
