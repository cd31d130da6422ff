import type { ParseArgsConfig } from 'node:util';
import type { Clock } from '../clock/index.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The one clock every command decides by (licence terms, lease, quota per day, record times). */
  now: Clock;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  args: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
  io: CliIo;
}

/** One CLI command: its words (`twin verify`), its options, and what it does. Returns the exit code. */
export interface Command {
  words: string[];
  summary: string;
  usage: string;
  options: OptionSpec;
  run(ctx: CommandContext): Promise<number>;
}

/** Every command takes these: --help/-h prints its usage; --verbose says more (e.g. every provider not used). */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean' },
} as const satisfies OptionSpec;

export const JSON_OPTION = { json: { type: 'boolean' } } as const satisfies OptionSpec;
export const WORKSPACE_OPTION = { workspace: { type: 'string' } } as const satisfies OptionSpec;

export function stringFlag(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function listFlag(ctx: CommandContext, name: string): string[] | undefined {
  const value = stringFlag(ctx, name);
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** Prints `value` as one JSON line with --json, otherwise the human lines. */
export function report(ctx: CommandContext, value: unknown, human: () => string[]): void {
  if (ctx.flags.json) ctx.io.out(JSON.stringify(value));
  else for (const line of human()) ctx.io.out(line);
}
