import { describe, expect, it } from 'vitest';
import { wrap } from '../../src/cli/help.ts';
import { createCommands } from '../../src/cli/main.ts';
import { cli } from '../helpers/cli.ts';

const commands = createCommands();
const run = (...argv: string[]) => cli(commands, argv);
const groups = [
  ...new Set(
    commands
      .filter((c) => c.words.length > 1)
      .flatMap((c) => c.words.slice(0, -1).map((_, i) => c.words.slice(0, i + 1).join(' '))),
  ),
];
const tooWide = (text: string) => text.split('\n').filter((line) => line.length > 100);

describe('CLI help', () => {
  it('--help, -h and help list every command in lines that fit 100 columns', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(tooWide(r.stdout)).toEqual([]);
      for (const c of commands) expect(r.stdout).toContain(`  ${c.words.join(' ')} `);
    }
  });

  it('every group lists its commands with --help or -h (exit 0), and alone (exit 2)', async () => {
    expect(groups).toEqual(
      expect.arrayContaining(['twin', 'licence', 'registry', 'registry token', 'licence revocation']),
    );
    for (const group of groups) {
      const members = commands.filter((c) => c.words.join(' ').startsWith(`${group} `));
      for (const [argv, code] of [
        [[...group.split(' '), '--help'], 0],
        [[...group.split(' '), '-h'], 0],
        [group.split(' '), 2],
      ] as const) {
        const r = await run(...argv);
        expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(code);
        expect(tooWide(r.stdout)).toEqual([]);
        for (const c of members) expect(r.stdout).toContain(c.words.join(' '));
      }
    }
  });

  it('an unknown command in a group names the group and its commands', async () => {
    const r = await run('twin', 'bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^USAGE: unknown command 'twin bogus'/);
    expect(r.stderr).toContain('twin-studio twin verify');
  });

  it('every command answers --help and -h with its usage and summary in 100 columns', async () => {
    for (const c of commands) {
      for (const flag of ['--help', '-h']) {
        const r = await run(...c.words, flag);
        expect(r.code, `${c.words.join(' ')} ${flag}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: twin-studio ${c.words.join(' ')}`));
        expect(tooWide(r.stdout)).toEqual([]);
        expect(r.stderr).toBe('');
      }
    }
  });

  it('help <command> is the command help; sync -h is not parser text', async () => {
    expect((await run('help', 'sync')).stdout).toBe((await run('sync', '--help')).stdout);
    const r = await run('sync', '-h');
    expect(r.stdout).not.toMatch(/Unknown option|positional/);
  });

  it('a usage error says what to fix in our words, with the usage wrapped to 100 columns', async () => {
    const unknown = await run('sync', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('USAGE: unknown option --bogus');
    expect(unknown.stderr).not.toMatch(/To specify a positional argument/);
    const missing = await run('render', '--out');
    expect(missing.stderr.split('\n')[0]).toBe('USAGE: --out needs a value');
    const dashed = await run('registry', 'audit', '--url', 'http://127.0.0.1:9', '--key-id', '-Abc');
    expect(dashed.code).toBe(2);
    expect(dashed.stderr.split('\n')[0]).toBe('USAGE: --key-id\'s value starts with "-": write it as --key-id=VALUE');
    expect(tooWide(missing.stderr)).toEqual([]);
  });

  it('wrap keeps bracketed options whole and indents continuation lines', () => {
    expect(wrap('a [--provider cpu|cuda] b', '> ', '  ', 12)).toEqual(['> a', '  [--provider cpu|cuda]', '  b']);
    expect(wrap('one two three', '', '', 100)).toEqual(['one two three']);
    expect(wrap('run `npm install --x` now', '', '', 12)).toEqual(['run', '`npm install --x`', 'now']);
  });
});
