import path from 'node:path';
import type { Clock } from '../clock/index.ts';
import { createStudioRuntime } from '../app/runtime.ts';
import { expectedFor, StudioError } from '../errors/index.ts';
import { resolveWorkspaceDir } from '../workspace/index.ts';
import { installLastResort } from './lastResort.ts';
import { startStudioServer, type StudioServer } from './startStudioServer.ts';

/** `twin-studio serve [--workspace DIR] [--port N]`: parses its flags and starts browser mode. */
export function parseServeArgs(argv: readonly string[]): { workspace?: string; port: number } {
  const out: { workspace?: string; port: number } = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--workspace' && value) ((out.workspace = value), i++);
    else if (arg === '--port' && value) {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new StudioError('INVALID_ARGUMENT', expectedFor('a whole number from 0 to 65535', '--port', value), {
          port: value,
        });
      out.port = port;
      i++;
    } else
      throw new StudioError('INVALID_ARGUMENT', expectedFor('--workspace DIR or --port N', 'the serve options', arg), {
        arg,
      });
  }
  return out;
}

export async function serveCommand(
  argv: readonly string[],
  options: { now: Clock; env: NodeJS.ProcessEnv; rendererDir?: string },
): Promise<StudioServer> {
  const args = parseServeArgs(argv);
  const workspaceDir = resolveWorkspaceDir(args.workspace, options.env);
  const server = await startStudioServer({
    workspaceDir,
    now: options.now,
    runtime: await createStudioRuntime(workspaceDir, { now: options.now, env: options.env }),
    port: args.port,
    rendererDir: options.rendererDir ?? path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer'),
  });
  // This is the process's composition root: nothing a request does may end it (see lastResort.ts).
  installLastResort(process, 'studio');
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}
