import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/twin-studio.js', import.meta.url));

export interface CliProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bin/twin-studio.js` as a real child process (the same Node as the tests) and collects what it printed.
 * A child that outlives `timeoutMs` is ended with SIGTERM, so a timeout never passes for a crash test's SIGKILL.
 */
export function runCliProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 240_000,
): Promise<CliProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, TWIN_STUDIO_USER: 'tester', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
      resolve({ code, signal, stdout: text(out), stderr: text(err) });
    });
  });
}
