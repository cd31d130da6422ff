import type { Command } from './command.ts';

/** Help fits a terminal of this many columns. */
export const HELP_WIDTH = 100;
const PROGRAM = 'twin-studio';

/**
 * Fills `text` into lines of at most `width` columns: the first line starts with `first`, the rest with `rest`.
 * A bracketed option (`[--provider cpu|cuda]`) and a `quoted command` stay whole; a word longer than a line gets a
 * line of its own.
 */
export function wrap(text: string, first: string, rest: string, width = HELP_WIDTH): string[] {
  const words = text.match(/\[[^\]]*\]|`[^`]*`\S*|\S+/g) ?? [];
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** `  twin verify    verify a twin pack…`, the summaries wrapped under their column. */
function commandList(commands: readonly Command[]): string[] {
  const names = commands.map((c) => c.words.join(' '));
  const column = Math.max(...names.map((n) => n.length)) + 4;
  return commands.flatMap((c, i) => wrap(c.summary, `  ${names[i]!.padEnd(column - 2)}`, ' '.repeat(column)));
}

export function mainHelp(commands: readonly Command[]): string[] {
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commandList(commands),
    '',
    `Run '${PROGRAM} <command> --help' (or -h) for a command's options.`,
    'Add --json for machine-readable output, --verbose for more detail.',
  ];
}

/** The commands under a group's words (`twin` → twin pack, twin verify, twin import). */
export function groupCommands(commands: readonly Command[], words: readonly string[]): Command[] {
  return commands.filter((c) => c.words.length > words.length && words.every((w, i) => c.words[i] === w));
}

export function groupHelp(commands: readonly Command[], words: readonly string[]): string[] {
  const group = words.join(' ');
  return [
    `Usage: ${PROGRAM} ${group} <command> [options]`,
    '',
    `'${group}' commands:`,
    ...commandList(groupCommands(commands, words)),
    '',
    `Run '${PROGRAM} ${group} <command> --help' for a command's options.`,
  ];
}

export function commandHelp(command: Command): string[] {
  const summary = command.summary.charAt(0).toUpperCase() + command.summary.slice(1);
  return [
    ...wrap(command.usage, `Usage: ${PROGRAM} `, '         '),
    '',
    ...wrap(/[.)]$/.test(summary) ? summary : `${summary}.`, '', ''),
  ];
}

/** The usage lines under a usage error, and where to read more. */
export function usageHint(command: Command): string[] {
  return [
    ...wrap(command.usage, `  ${PROGRAM} `, '      '),
    `Run '${PROGRAM} ${command.words.join(' ')} --help' for more.`,
  ];
}
