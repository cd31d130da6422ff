import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src/server/index.ts';

describe('twin-studio serve flags', () => {
  it('reads --workspace and --port, and refuses anything else', () => {
    expect(parseServeArgs(['--workspace', '/w', '--port', '8123'])).toEqual({ workspace: '/w', port: 8123 });
    expect(parseServeArgs([])).toEqual({ port: 0 });
    expect(() => parseServeArgs(['--port', '99999'])).toThrow(
      'Expected a whole number from 0 to 65535 for --port but received "99999"',
    );
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(
      'Expected --workspace DIR or --port N for the serve options but received "--host"',
    );
  });
});
