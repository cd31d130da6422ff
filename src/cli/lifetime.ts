/**
 * Resolves when a long-running command (a server) should stop: SIGINT or SIGTERM, or — when npm started it
 * (`npx twin-studio …`, `npm exec`) — when that launcher is gone. npm passes a signal to the `sh -c` it runs
 * the command in, and the shell dies without passing it on: `npx twin-studio registry serve … &` then
 * `kill $!` would leave the server listening, adopted by init. A process started any other way (node
 * bin/twin-studio.js, nohup) keeps running when its parent exits.
 */
export function untilStopped(env: NodeJS.ProcessEnv, pollMs = 500): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const done = (why: string) => {
      clearInterval(timer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(why);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    const launchedByNpm = env.npm_command !== undefined || env.npm_lifecycle_event !== undefined;
    const timer = setInterval(() => {
      if (launchedByNpm && process.ppid !== parent) done('launcher exited');
    }, pollMs);
    timer.unref();
  });
}
