import type { Clock } from '../../src/clock/index.ts';
import { fixtureClock } from './clock.ts';
import type { Command } from '../../src/cli/command.ts';
import { runCli } from '../../src/cli/run.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** Runs CLI commands in-process with captured output. */
export async function cli(
  commands: Command[],
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  now: Clock = fixtureClock,
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(commands, argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    cwd: process.cwd(),
    now,
  });
  const stdout = out.join('\n');
  return { code, stdout, stderr: err.join('\n'), json: <T>() => JSON.parse(stdout) as T };
}
