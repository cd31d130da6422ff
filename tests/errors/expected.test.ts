import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flagError } from '../../src/cli/run.ts';
import { parseInput } from '../../src/contract/index.ts';
import { describeReceived, expectedFor } from '../../src/errors/index.ts';
import { parseServeArgs } from '../../src/server/serveCommand.ts';
import { parseWith } from '../../src/validation.ts';
import { minimalShot as shot } from '../helpers/minimalShot.ts';

function messageOf(doc: unknown): string {
  const result = parseInput('shots.save', { shot: doc });
  return result.ok ? '' : result.error.message;
}

describe('the mismatch wording', () => {
  it('says what was expected, for what, and what arrived', () => {
    expect(expectedFor('a whole number from 0 to 65535', '--port', '80a')).toBe(
      'Expected a whole number from 0 to 65535 for --port but received "80a"',
    );
  });

  it('shows received values the way a reader can tell them apart', () => {
    expect(describeReceived(undefined)).toBe('nothing');
    expect(describeReceived(null)).toBe('null');
    expect(describeReceived(7)).toBe('7');
    expect(describeReceived('7')).toBe('"7"');
    expect(describeReceived(['a'])).toBe('an array ["a"]');
    expect(describeReceived({ a: 1 })).toBe('an object {"a":1}');
    expect(describeReceived('x'.repeat(200))).toHaveLength(60);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeReceived(cyclic)).toBe('an object');
  });

  it('words every kind of schema issue at the API boundary', () => {
    expect(messageOf({ ...shot, twin: { ...shot.twin, transform: { ...shot.twin.transform, x: 'left' } } })).toContain(
      'Expected a number for shot.twin.transform.x but received "left"',
    );
    expect(messageOf({ ...shot, name: undefined })).toContain('Expected a string for shot.name but received nothing');
    expect(messageOf({ ...shot, use: { channel: 'tv', territory: 'EU' } })).toContain(
      'for shot.use.channel but received "tv"',
    );
    expect(messageOf({ ...shot, use: { channel: 'tv', territory: 'EU' } })).toContain(
      'Expected one of "ecommerce", "social"',
    );
    expect(messageOf({ ...shot, shotId: '../x' })).toContain(
      'Expected an id of 2–64 letters, digits, _ . - for shot.shotId but received "../x"',
    );
    expect(messageOf({ ...shot, extra: 1 })).toContain('Expected only the known keys for shot but received key extra');
    expect(messageOf({ ...shot, garments: Array(9).fill({ garmentId: 'tee', z: 0 }) })).toContain(
      'Expected at most 8 items for shot.garments but received an array',
    );
    expect(messageOf({ ...shot, format: 'shot/3' })).toContain(
      'Expected "shot/2" for shot.format but received "shot/3"',
    );
    expect(messageOf({ ...shot, look: { shadow: 2, harmonize: 0.5 } })).toContain(
      'Expected a number at most 1 for shot.look.shadow but received 2',
    );
  });

  it('words an unknown API method the same way', () => {
    const result = parseInput('shots.burn', {});
    expect(result.ok ? '' : result.error.message).toBe(
      'Expected one of the studio API methods for the method but received "shots.burn"',
    );
  });

  it('words files checked by parseWith, and CLI flags', () => {
    const schema = z.object({ width: z.number().int().min(1) }).strict();
    expect(() => parseWith(schema, { width: 0 }, 'SCENE_INVALID', 'scene.json')).toThrow(
      'scene.json is malformed: Expected a number at least 1 for width but received 0',
    );
    expect(() => parseWith(schema, 'flat', 'SCENE_INVALID', 'scene.json')).toThrow(
      'Expected an object for (root) but received "flat"',
    );
    expect(flagError('--state', 'one of draft, approved', 'done')).toMatchObject({
      code: 'USAGE',
      message: 'Expected one of draft, approved for --state but received "done"',
    });
    expect(() => parseServeArgs(['--port', '80a'])).toThrow(
      'Expected a whole number from 0 to 65535 for --port but received "80a"',
    );
  });
});
