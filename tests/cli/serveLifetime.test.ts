import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.ts';

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );

/** The README's flow: `npx twin-studio registry serve … &`, later `kill $!` — the PID is npx's, not the server's. */
describe.skipIf(process.platform === 'win32')('servers started by npx', () => {
  const tmp = tempDir('twin-serve-life-');
  afterAll(() => tmp.cleanup());

  /** Starts `npx twin-studio ARGS` in its own process group, waits for the URL on its stdout, kills npx, and says whether the URL still answers. */
  async function answersAfterNpxKilled(
    args: string[],
    firstLine: RegExp,
  ): Promise<{ url: string; listening: boolean }> {
    const npx = spawn('npx', ['twin-studio', ...args], {
      cwd: path.resolve('.'),
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let url = '';
      for await (const line of createInterface({ input: npx.stdout! })) {
        const m = firstLine.exec(line);
        if (m) {
          url = m[1]!;
          break;
        }
      }
      expect(await answers(url)).toBe(true);
      npx.kill('SIGTERM');
      let listening = true;
      for (let i = 0; i < 40 && listening; i++) {
        await sleep(250);
        listening = await answers(url);
      }
      return { url, listening };
    } finally {
      try {
        // Whatever is left of the group goes, even when the test fails.
        process.kill(-npx.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  it('registry serve stops listening when the npx that started it is killed', async () => {
    const { url, listening } = await answersAfterNpxKilled(
      ['registry', 'serve', '--db', path.join(tmp.dir, 'registry.sqlite'), '--port', '0'],
      /^listening on (\S+)/,
    );
    expect(listening, `${url} still answers 10 s after npx was killed`).toBe(false);
  }, 90_000);

  it('serve (browser mode) stops too', async () => {
    const { url, listening } = await answersAfterNpxKilled(
      ['serve', '--workspace', path.join(tmp.dir, 'ws'), '--port', '0'],
      /running at (http:\/\/127\.0\.0\.1:\d+)/,
    );
    expect(listening, `${url} still answers 10 s after npx was killed`).toBe(false);
  }, 90_000);
});
