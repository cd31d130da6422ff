import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioApiError, unwrap, type WireError } from '../../src/contract/index.ts';
import {
  ERROR_CODES,
  errorCodeOf,
  exitCodeOf,
  httpStatusOf,
  isErrorCode,
  StudioError,
} from '../../src/errors/index.ts';
import type { ErrorCode } from '../../src/errors/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}
const SOURCES = ['src', 'electron', 'renderer/src'].flatMap((dir) => sourceFiles(path.join(ROOT, dir)));

describe('the error catalogue', () => {
  it('names codes in upper snake case, each with a description', () => {
    for (const code of CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(ERROR_CODES[code].description.length, code).toBeGreaterThan(10);
    }
  });

  it('gives every code an error status and an exit, USAGE alone exiting 2', () => {
    for (const code of CODES) {
      expect([httpStatusOf(code), code]).toEqual([expect.any(Number), code]);
      expect(httpStatusOf(code) >= 400 && httpStatusOf(code) <= 599, code).toBe(true);
      expect(exitCodeOf(code), code).toBe(code === 'USAGE' ? 2 : 1);
    }
  });

  it('keeps each family of codes on one status', () => {
    const family = (re: RegExp) => new Set(CODES.filter((c) => re.test(c)).map(httpStatusOf));
    expect(family(/^(?!REGISTRY_).*_NOT_FOUND$/)).toEqual(new Set([404]));
    expect(family(/_TAMPERED$|_SIGNER_UNKNOWN$/)).toEqual(new Set([403]));
    expect(family(/^REGISTRY_(?!UNREACHABLE)/)).toEqual(new Set([502]));
    expect(family(/^(?!REGISTRY_).*_TOO_LARGE$/)).toEqual(new Set([413]));
    expect(family(/^(INTERNAL|BUG)$/)).toEqual(new Set([500]));
    // Every refusal of the policy gate is a 403: the request was understood and a rule said no.
    const gate = readFileSync(path.join(ROOT, 'src/policy/gate.ts'), 'utf8');
    const refused = [...gate.matchAll(/refuse\(\s*'([A-Z_]+)'/g)].map((m) => m[1] as ErrorCode);
    expect(refused.length).toBeGreaterThan(5);
    expect(new Set(refused.map(httpStatusOf))).toEqual(new Set([403]));
  });

  it('reads a code from the wire only when it is declared', () => {
    expect(isErrorCode('SHOT_NOT_FOUND')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('REGISTRY_SOMETHING_NEW')).toBe(false);
    expect(errorCodeOf('SHOT_NOT_FOUND')).toBe('SHOT_NOT_FOUND');
    expect(errorCodeOf('NO_SUCH_CODE')).toBe('INTERNAL');
    expect(errorCodeOf(42)).toBe('INTERNAL');
  });

  it('is the only place codes are made: none is assembled at run time', () => {
    const built: string[] = [];
    for (const file of SOURCES) {
      const text = readFileSync(file, 'utf8');
      // A template literal or a concatenation where a code goes.
      for (const m of text.matchAll(/StudioError\(\s*(`|[^'`\s)][^,]*\+)|\bcode: `|\bcode: '[A-Z_]*' \+/g)) {
        built.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(built).toEqual([]);
  });

  it('has no second status table: servers read statuses from the catalogue', () => {
    const tables: string[] = [];
    for (const file of SOURCES.filter((f) => /src[\\/](server|registry|contract)[\\/]|electron[\\/]/.test(f))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b[A-Z][A-Z_]+: [45]\d\d\b|code === '[A-Z_]+' \? [45]\d\d/g)) {
        tables.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(tables).toEqual([]);
  });
});

describe('errors across the boundary', () => {
  it('a StudioError rebuilt by the renderer keeps its code, message and facts, for every code', () => {
    for (const code of CODES) {
      const sent = new StudioError(code, `about ${code}`, { n: 1 });
      const wire = JSON.parse(JSON.stringify({ ok: false, error: sent.toJSON() })) as { ok: false; error: WireError };
      let rebuilt: unknown;
      try {
        unwrap('shots.get', wire);
      } catch (error) {
        rebuilt = error;
      }
      expect(rebuilt).toBeInstanceOf(StudioApiError);
      expect(rebuilt).toMatchObject({ code, message: `about ${code}`, details: { n: 1 }, method: 'shots.get' });
    }
  });
});
