// Writes docs/errors.md from the error catalogue (src/errors/codes.ts): `node tools/docs/errorCodes.ts`.
// tests/errors/docs.test.ts fails when the page and the catalogue differ.
import { writeFileSync } from 'node:fs';
import { ERROR_CODES, type ErrorCode } from '../../src/errors/index.ts';

export function errorCodesPage(): string {
  const rows = (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => {
    const { status, exit, description } = ERROR_CODES[code];
    return `| \`${code}\` | ${status} | ${exit} | ${description} |`;
  });
  return [
    '# Error codes',
    '',
    'Every error the CLI, the studio API and the registry report carries one of these codes (scripts may match on',
    'them). The CLI prints `CODE: message` on stderr (or `{"error":{code,message,details}}` with `--json`) and exits',
    "with the code's exit status; the browser-mode server and the registry answer with its HTTP status. The table is",
    'generated from `src/errors/codes.ts` by `node tools/docs/errorCodes.ts`.',
    '',
    '| code | HTTP | exit | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.main) {
  writeFileSync(new URL('../../docs/errors.md', import.meta.url), errorCodesPage());
  console.log('Wrote docs/errors.md');
}
