// Browser mode on its own (`npm run serve -- --workspace DIR --port N`); `twin-studio serve` calls the same serveCommand.
import { systemClock } from '../src/clock/index.ts';
import { exitCodeOf, toStudioError } from '../src/errors/index.ts';
import { serveCommand } from '../src/server/index.ts';

try {
  await serveCommand(process.argv.slice(2), { now: systemClock, env: process.env });
} catch (error) {
  console.error(`twin-studio serve: ${(error as Error).message}`);
  process.exit(exitCodeOf(toStudioError(error).code));
}
