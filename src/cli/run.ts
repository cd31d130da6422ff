import { parseArgs } from 'node:util';
import { exitCodeOf, expectedFor, StudioError, toStudioError } from '../errors/index.ts';
import { COMMON_OPTIONS, type CliIo, type Command } from './command.ts';
import { commandHelp, groupCommands, groupHelp, mainHelp, usageHint } from './help.ts';

/** Exit statuses: 0 on success; a failure exits with its code's `exit` in the error catalogue. */
export const EXIT = { ok: 0, usage: exitCodeOf('USAGE') } as const;

function findCommand(commands: Command[], argv: string[]): { command: Command; rest: string[] } | undefined {
  const matches = commands
    .filter((c) => c.words.every((w, i) => argv[i] === w))
    .sort((a, b) => b.words.length - a.words.length);
  const command = matches[0];
  return command ? { command, rest: argv.slice(command.words.length) } : undefined;
}

const isHelp = (word: string | undefined): boolean => word === '--help' || word === '-h';

/** The longest run of leading words that some command's words start with: a group (`registry token`). */
function groupAt(commands: Command[], argv: string[]): string[] {
  const words: string[] = [];
  for (const word of argv) {
    if (!commands.some((c) => c.words.length > words.length + 1 && [...words, word].every((w, i) => c.words[i] === w)))
      break;
    words.push(word);
  }
  return words;
}

/** `node:util` parseArgs wording ("Unknown option '--x'. To specify a positional argument…") cut to what to fix. */
function parseProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/argument missing/.test(message)) return `${option} needs a value`;
    // A value that starts with "-" (a key id, a negative number) reads as an option unless joined with "=".
    if (/ambiguous/.test(message)) return `${option}'s value starts with "-": write it as ${option}=VALUE`;
    return `${option} takes no value`;
  }
  return message.split('. ')[0] ?? message;
}

/** Help asked of a group or a bare group: its commands. Exit 0 when asked, 2 when a command word is missing. */
function groupAnswer(commands: Command[], argv: string[], io: CliIo): number | undefined {
  const group = groupAt(commands, argv);
  if (group.length === 0) return undefined;
  const next = argv[group.length];
  if (next === undefined || isHelp(next)) {
    for (const line of groupHelp(commands, group)) io.out(line);
    return next === undefined ? EXIT.usage : EXIT.ok;
  }
  io.err(`USAGE: unknown command '${[...group, next].join(' ')}'. The '${group.join(' ')}' commands are:`);
  for (const c of groupCommands(commands, group)) io.err(`  twin-studio ${c.words.join(' ')}`);
  return EXIT.usage;
}

/**
 * Runs one CLI invocation. Exits 0 on success; a failure prints its code and message on stderr and exits
 * with the code's `exit` from the error catalogue (2 for USAGE, 1 otherwise). Nothing here touches
 * process.* so tests can run it in-process.
 */
export async function runCli(commands: Command[], argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'help' && argv.length > 1) return runCli(commands, [...argv.slice(1), '--help'], io);
  if (argv.length === 0 || isHelp(argv[0]) || argv[0] === 'help') {
    for (const line of mainHelp(commands)) io.out(line);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    const answer = groupAnswer(commands, argv, io);
    if (answer !== undefined) return answer;
    io.err(`USAGE: unknown command '${argv[0]}'. Run 'twin-studio --help' for the list.`);
    return EXIT.usage;
  }
  const { command, rest } = found;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, ...COMMON_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`USAGE: ${parseProblem(error)}`);
    for (const line of usageHint(command)) io.err(line);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    for (const line of commandHelp(command)) io.out(line);
    return EXIT.ok;
  }
  const json = Boolean((parsed.values as Record<string, unknown>).json);
  try {
    return await command.run({
      args: parsed.positionals,
      flags: parsed.values as Record<string, string | boolean | undefined>,
      io,
    });
  } catch (thrown) {
    const error = toStudioError(thrown);
    if (error.code === 'USAGE') {
      io.err(`USAGE: ${error.message}`);
      for (const line of usageHint(command)) io.err(line);
      return exitCodeOf(error.code);
    }
    if (json) io.err(JSON.stringify({ error: error.toJSON() }));
    else io.err(`${error.code}: ${error.message}`);
    if (!(thrown instanceof StudioError) && io.env.TWIN_STUDIO_DEBUG)
      io.err(String((thrown as Error)?.stack ?? thrown));
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
