import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonArg } from '../../src/cli/jsonFile.ts';
import { tempDir } from '../helpers/fixtures.ts';

describe('a JSON file named on the command line', () => {
  const tmp = tempDir('twin-json-arg-');
  afterAll(() => tmp.cleanup());

  it('is read and parsed when it fits the limit', () => {
    const file = path.join(tmp.dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ licenceId: 'lic-1' }));
    expect(readJsonArg(file, 'LICENCE_INVALID', 'licence', 64)).toEqual({ licenceId: 'lic-1' });
  });

  it('is refused, not read whole, when it is longer than the limit: a file or an endless device', () => {
    const big = path.join(tmp.dir, 'big.json');
    writeFileSync(big, `"${'x'.repeat(200)}"`);
    expect(() => readJsonArg(big, 'LICENCE_INVALID', 'licence', 64)).toThrow(
      expect.objectContaining({ code: 'LICENCE_INVALID', message: expect.stringMatching(/at most 64 bytes/) }),
    );
    expect(() => readJsonArg('/dev/zero', 'REVOCATION_INVALID', 'revocation')).toThrow(
      expect.objectContaining({ code: 'REVOCATION_INVALID', details: expect.objectContaining({ limit: 1024 * 1024 }) }),
    );
  });

  it('says which file is missing', () => {
    expect(() => readJsonArg(path.join(tmp.dir, 'none.json'), 'LICENCE_INVALID', 'licence')).toThrow(
      expect.objectContaining({
        code: 'LICENCE_INVALID',
        message: expect.stringMatching(/Cannot read licence .*none\.json/),
      }),
    );
  });
});
