import { existsSync } from 'node:fs';
import { createWorkspace, findEnclosingWorkspace, requireWorkspace, resolveWorkspaceDir, type Workspace } from '../workspace/index.ts';
import { stringFlag, type CommandContext } from './command.ts';

/**
 * The workspace a command works in: --workspace, else the workspace a given path lies in,
 * else TWIN_STUDIO_HOME, else the OS default. It must exist unless `create` is set.
 */
export function workspaceDirFor(ctx: CommandContext, nearPath?: string): string {
  const flag = stringFlag(ctx, 'workspace');
  if (flag) return resolveWorkspaceDir(flag, ctx.io.env);
  const enclosing = nearPath && existsSync(nearPath) ? findEnclosingWorkspace(nearPath) : undefined;
  return enclosing ?? resolveWorkspaceDir(undefined, ctx.io.env);
}

export function openCliWorkspace(ctx: CommandContext, options: { nearPath?: string; create?: boolean } = {}): Workspace {
  const dir = workspaceDirFor(ctx, options.nearPath);
  if (!options.create) requireWorkspace(dir);
  return createWorkspace(dir);
}

/** Runs `fn` with an open workspace and always closes it. */
export async function withWorkspace<T>(ctx: CommandContext, options: { nearPath?: string; create?: boolean }, fn: (ws: Workspace) => Promise<T> | T): Promise<T> {
  const ws = openCliWorkspace(ctx, options);
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}
