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
describe.skipIf(process.platform === 'win32')('registry serve started by npx', () => {
  const tmp = tempDir('twin-serve-life-');
  afterAll(() => tmp.cleanup());

  it('stops listening when the npx that started it is killed', async () => {
    // Its own process group, so whatever is left is removed afterwards even when the test fails.
    const npx = spawn('npx', ['twin-studio', 'registry', 'serve', '--db', path.join(tmp.dir, 'registry.sqlite'), '--port', '0'], {
      cwd: path.resolve('.'),
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let url = '';
      for await (const line of createInterface({ input: npx.stdout! })) {
        const m = /^listening on (\S+)/.exec(line);
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
      expect(listening, `${url} still answers 10 s after npx was killed`).toBe(false);
    } finally {
      try {
        process.kill(-npx.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 90_000);
});
