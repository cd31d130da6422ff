import { parseArgs } from 'node:util';
import { exitCodeOf, expectedFor, StudioError, toStudioError } from '../errors/index.ts';
import type { CliIo, Command } from './command.ts';

/** Exit statuses: 0 on success; a failure exits with its code's `exit` in the error catalogue. */
export const EXIT = { ok: 0, usage: exitCodeOf('USAGE') } as const;

function findCommand(commands: Command[], argv: string[]): { command: Command; rest: string[] } | undefined {
  const matches = commands.filter((c) => c.words.every((w, i) => argv[i] === w)).sort((a, b) => b.words.length - a.words.length);
  const command = matches[0];
  return command ? { command, rest: argv.slice(command.words.length) } : undefined;
}

export function helpText(commands: Command[]): string[] {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return ['Usage: twin-studio <command> [options]', '', ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`), '', 'Add --json for machine-readable output.'];
}

/**
 * Runs one CLI invocation. Exits 0 on success; a failure prints its code and message on stderr and exits
 * with the code's `exit` from the error catalogue (2 for USAGE, 1 otherwise). Nothing here touches
 * process.* so tests can run it in-process.
 */
export async function runCli(commands: Command[], argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help' || argv[0] === '-h') {
    for (const line of helpText(commands)) io.out(line);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    io.err(`USAGE: unknown command '${argv.slice(0, 2).join(' ')}'. Run 'twin-studio --help' for the list.`);
    return EXIT.usage;
  }
  const { command, rest } = found;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`USAGE: ${(error as Error).message}\n  ${command.usage}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.out(`${command.usage}\n  ${command.summary}`);
    return EXIT.ok;
  }
  const json = Boolean((parsed.values as Record<string, unknown>).json);
  try {
    return await command.run({ args: parsed.positionals, flags: parsed.values as Record<string, string | boolean | undefined>, io });
  } catch (thrown) {
    const error = toStudioError(thrown);
    if (error.code === 'USAGE') {
      io.err(`USAGE: ${error.message}\n  ${command.usage}`);
      return exitCodeOf(error.code);
    }
    if (json) io.err(JSON.stringify({ error: error.toJSON() }));
    else io.err(`${error.code}: ${error.message}`);
    if (!(thrown instanceof StudioError) && io.env.TWIN_STUDIO_DEBUG) io.err(String((thrown as Error)?.stack ?? thrown));
    return exitCodeOf(error.code);
  }
}

export function usageError(message: string): StudioError {
  return new StudioError('USAGE', message);
}

/** A flag given a value it does not take: "Expected one of a, b for --state but received "c"". */
export function flagError(flag: string, expected: string, received: unknown): StudioError {
  return new StudioError('USAGE', expectedFor(expected, flag, received), { flag });
}
