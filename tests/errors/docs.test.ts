import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/errors/index.ts';

/** The table's rows as cells, so a formatter's column alignment does not matter. */
function rowsOf(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.trim().startsWith('| `'))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

describe('docs/errors.md', () => {
  it('lists every code of the catalogue with its status, exit and meaning (node tools/docs/errorCodes.ts)', () => {
    const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const expected = (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => {
      const { status, exit, description } = ERROR_CODES[code];
      return [`\`${code}\``, String(status), String(exit), description];
    });
    expect(rowsOf(page)).toEqual(expected);
  });
});
