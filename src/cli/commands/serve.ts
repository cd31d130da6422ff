import { serveCommand } from '../../server/index.ts';
import type { Command } from '../command.ts';
import { untilStopped } from '../lifetime.ts';

export const serve: Command = {
  words: ['serve'],
  summary: 'browser mode: the studio and its API on 127.0.0.1 with a per-run token (first line: the URL)',
  usage: 'serve [--workspace DIR] [--port N]',
  options: { workspace: { type: 'string' }, port: { type: 'string' } },
  async run(ctx) {
    const argv: string[] = [];
    for (const name of ['workspace', 'port'] as const) {
      const value = ctx.flags[name];
      if (typeof value === 'string') argv.push(`--${name}`, value);
    }
    // The server keeps the process alive until SIGINT/SIGTERM, when serveCommand closes it and exits.
    await serveCommand(argv, { now: ctx.io.now, env: ctx.io.env });
    // Started by npx, a signal sent to npx never reaches this process (lifetime.ts): when npx is gone, stop as on SIGTERM.
    void untilStopped(ctx.io.env).then((why) => why === 'launcher exited' && process.kill(process.pid, 'SIGTERM'));
    return 0;
  },
};
